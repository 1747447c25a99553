import { describe, expect, it } from 'vitest';
import { mergeRoster } from './roster-merge';

const entry = (id: number, lastMessageAt: string | null = null, preview: string | null = null) => ({
  id,
  nickname: `u${id}`,
  lastMessageAt,
  lastMessageId: lastMessageAt === null ? null : id,
  lastMessagePreview: preview,
});

describe('mergeRoster', () => {
  it('keeps someone who joined (user.joined) while the list was on its way', () => {
    const merged = mergeRoster([entry(1), entry(2)], [entry(3)]);
    expect(merged.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('keeps a last message that arrived live and is newer than the list', () => {
    const fresh = [entry(1, '2025-01-01T10:00:00Z', 'old')];
    const live = [entry(1, '2025-01-01T10:05:00Z', 'new')];
    expect(mergeRoster(fresh, live)[0]).toMatchObject({
      lastMessageAt: '2025-01-01T10:05:00Z',
      lastMessagePreview: 'new',
    });
  });

  it('takes the list where it is newer, and the list alone when nothing is on screen', () => {
    const fresh = [entry(1, '2025-01-01T10:05:00Z', 'new')];
    expect(mergeRoster(fresh, [entry(1, '2025-01-01T10:00:00Z', 'old')])[0]).toBe(fresh[0]);
    expect(mergeRoster(fresh, [])).toEqual(fresh);
  });
});
