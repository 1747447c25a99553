import { describe, expect, it } from 'vitest';
import type { Role } from '@common/api';
import {
  isStaff,
  maySuspend,
  messageActions,
  presetUntil,
  suspensionEnd,
} from './moderation-rules';

describe('maySuspend (the server rules, mirrored)', () => {
  const ROLES: Role[] = ['owner', 'admin', 'moderator', 'member'];
  const table: Record<Role, Role[]> = {
    owner: ['admin', 'moderator', 'member'],
    admin: ['moderator', 'member'],
    moderator: ['member'],
    member: [],
  };
  it.each(ROLES)('as %s', (actor) => {
    for (const target of ROLES) {
      expect(maySuspend(actor, target, false), `${actor} → ${target}`).toBe(
        table[actor].includes(target),
      );
      expect(maySuspend(actor, target, true)).toBe(false);
    }
  });
  it('staff are everyone but members', () => {
    expect(ROLES.filter(isStaff)).toEqual(['owner', 'admin', 'moderator']);
  });
});

describe('suspension presets', () => {
  const now = Date.parse('2026-12-05T10:00:00.000Z');
  it('turn into an end, or null for indefinitely', () => {
    expect(presetUntil('hour', now)).toBe('2026-12-05T11:00:00.000Z');
    expect(presetUntil('day', now)).toBe('2026-12-06T10:00:00.000Z');
    expect(presetUntil('week', now)).toBe('2026-12-12T10:00:00.000Z');
    expect(presetUntil('indefinite', now)).toBeNull();
  });
  it('say the end in words', () => {
    expect(suspensionEnd(null)).toBe('indefinitely');
    expect(suspensionEnd('2026-12-12T14:00:00.000Z', 'en-GB')).toMatch(/^until 12 Dec 2026/);
  });
});

describe('messageActions (rooms): role × own/other × where', () => {
  // [role, own, kind, edit, delete, moderated]: written out, the same table the server's
  // room-messages.permissions test holds the server to.
  const rows: [Role, boolean, 'direct' | 'group' | 'room', boolean, boolean, boolean][] = [];
  for (const role of ['owner', 'admin', 'moderator', 'member'] as const) {
    for (const kind of ['direct', 'group', 'room'] as const) {
      rows.push([role, true, kind, true, true, false]);
      const staffInRoom = kind === 'room' && role !== 'member';
      rows.push([role, false, kind, false, staffInRoom, staffInRoom]);
    }
  }
  it('has every combination', () => expect(rows).toHaveLength(24));
  it.each(rows)(
    '%s · own %s · in a %s → edit %s, delete %s, moderated %s',
    (role, own, kind, edit, del, moderated) => {
      expect(messageActions(role, own, kind)).toEqual({ edit, delete: del, moderated });
    },
  );
});
