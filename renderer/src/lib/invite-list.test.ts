import { describe, expect, it } from 'vitest';
import type { Invite } from '@common/api';
import { mergeInvite } from './invite-list';

const invite = (id: number, over: Partial<Invite> = {}): Invite => ({
  id,
  code: `code${id}`.padEnd(22, 'x'),
  createdBy: { id: 1, nickname: 'owner' },
  createdAt: new Date(Date.UTC(2026, 0, id)).toISOString(),
  expiresAt: null,
  maxUses: 10,
  uses: 0,
  state: 'active',
  ...over,
});

describe('an invite panel kept live', () => {
  it('adds a new invite newest first, and its echo changes nothing', () => {
    const list = [invite(2), invite(1)];
    const made = invite(3);
    const once = mergeInvite(list, made);
    expect(once.map((i) => i.id)).toEqual([3, 2, 1]);
    expect(mergeInvite(once, made)).toEqual(once);
  });

  it('replaces a withdrawn one where it is; an older one arriving late goes in its place', () => {
    const list = [invite(3), invite(1)];
    const revoked = invite(3, { state: 'revoked' });
    expect(mergeInvite(list, revoked).map((i) => [i.id, i.state])).toEqual([
      [3, 'revoked'],
      [1, 'active'],
    ]);
    expect(mergeInvite(list, invite(2)).map((i) => i.id)).toEqual([3, 2, 1]);
  });
});
