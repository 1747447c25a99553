import { describe, expect, it } from 'vitest';
import { compareRoster, sortRoster, type RosterSortable } from './roster-order';

const u = (id: number, nickname: string, lastMessageAt: string | null = null): RosterSortable => ({
  id,
  nickname,
  lastMessageAt,
});
const names = (list: RosterSortable[]) => list.map((e) => e.nickname);

describe('sortRoster', () => {
  it('puts the latest conversation first', () => {
    const list = [
      u(1, 'amy', '2025-01-01T10:00:00.000Z'),
      u(2, 'bob', '2025-01-01T12:00:00.000Z'),
      u(3, 'cat', '2025-01-01T11:00:00.000Z'),
    ];
    expect(names(sortRoster(list))).toEqual(['bob', 'cat', 'amy']);
  });

  it('lists people without messages after, alphabetically and case-insensitively', () => {
    const list = [u(1, 'zed'), u(2, 'Bob'), u(3, 'alice'), u(4, 'Carl', '2024-05-01T00:00:00Z')];
    expect(names(sortRoster(list))).toEqual(['Carl', 'alice', 'Bob', 'zed']);
  });

  it('orders digits naturally and breaks exact ties by id', () => {
    const list = [u(3, 'user10'), u(2, 'user2'), u(5, 'same'), u(4, 'same')];
    expect(sortRoster(list).map((e) => e.id)).toEqual([4, 5, 2, 3]);
  });

  it('re-sorts when a message arrives (live reordering)', () => {
    const list = [u(1, 'amy', '2025-01-01T10:00:00Z'), u(2, 'bob'), u(3, 'cat')];
    expect(names(sortRoster(list))).toEqual(['amy', 'bob', 'cat']);
    list[2] = { ...list[2]!, lastMessageAt: '2025-01-02T00:00:00Z' };
    expect(names(sortRoster(list))).toEqual(['cat', 'amy', 'bob']);
  });

  it('does not mutate its input', () => {
    const list = [u(1, 'b'), u(2, 'a')];
    sortRoster(list);
    expect(names(list)).toEqual(['b', 'a']);
  });

  it('ignores accents and case between names, then orders them the same way everywhere', () => {
    const list = [u(1, 'Emma'), u(2, 'zoë'), u(3, 'Élodie'), u(4, 'eli'), u(5, 'zoe'), u(6, 'ZED')];
    expect(names(sortRoster(list))).toEqual(['eli', 'Élodie', 'Emma', 'ZED', 'zoe', 'zoë']);
  });

  it('orders names equal by value ("user2", "user02") by their text, then by id', () => {
    const list = [u(1, 'user2'), u(2, 'user02'), u(3, 'user1'), u(4, 'user10')];
    expect(names(sortRoster(list))).toEqual(['user1', 'user02', 'user2', 'user10']);
  });

  it('orders conversations at the same instant alphabetically, whatever the time’s spelling', () => {
    const list = [
      u(1, 'cat', '2025-01-01T10:00:00.000Z'),
      u(2, 'Bob', '2025-01-01T10:00:00Z'),
      u(3, 'amy', '2025-01-01T09:59:59.999Z'),
    ];
    expect(names(sortRoster(list))).toEqual(['Bob', 'cat', 'amy']);
  });

  it('orders conversations at the same instant by their last message id when both are known', () => {
    const at = '2025-01-01T10:00:00.000Z';
    const list = [
      { ...u(1, 'amy', at), lastMessageId: 7 },
      { ...u(2, 'zed', at), lastMessageId: 9 },
      u(3, 'bob', at),
    ];
    // zed's message was stored after amy's; bob's id is unknown, so his counts as the oldest.
    expect(names(sortRoster(list))).toEqual(['zed', 'amy', 'bob']);
  });

  it('treats a time that does not parse as never messaged', () => {
    const list = [u(1, 'zed', 'not a time'), u(2, 'amy'), u(3, 'bob', '2025-01-01T00:00:00Z')];
    expect(names(sortRoster(list))).toEqual(['bob', 'amy', 'zed']);
  });

  it('is a total order: antisymmetric, and 0 only for the same person', () => {
    const list = [
      u(1, 'user2'),
      u(2, 'user02'),
      u(3, 'Élodie', '2025-01-01T10:00:00Z'),
      u(4, 'elodie2', '2025-01-01T10:00:00Z'),
      u(5, 'same'),
      u(6, 'same'),
    ];
    for (const a of list) {
      for (const b of list) {
        const ab = compareRoster(a, b);
        expect(Math.sign(ab) + Math.sign(compareRoster(b, a))).toBe(0);
        expect(ab === 0).toBe(a === b);
      }
    }
  });
});
