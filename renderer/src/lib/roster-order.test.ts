import { describe, expect, it } from 'vitest';
import { sortRoster, type RosterSortable } from './roster-order';

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
});
