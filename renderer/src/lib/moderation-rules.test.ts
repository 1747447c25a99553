import { describe, expect, it } from 'vitest';
import type { Role } from '@common/api';
import { isStaff, maySuspend, presetUntil, suspensionEnd } from './moderation-rules';

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
