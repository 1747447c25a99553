import { describe, expect, it } from 'vitest';
import type { PostSummary } from '@common/api';
import { placeUpdated } from './pinned-order';

const p = (id: number, pinned = false, locked = false): PostSummary => ({
  id,
  title: `P${id}`,
  body: 'b',
  bodyTruncated: false,
  author: { id: 1, nickname: 'a' },
  categories: [],
  createdAt: '2025-03-01T12:00:00.000Z',
  commentCount: 0,
  pinned,
  locked,
  editedAt: null,
});
const ids = (list: PostSummary[]) => list.map((x) => (x.pinned ? `*${x.id}` : `${x.id}`));

describe('placeUpdated', () => {
  const feed = [p(3, true), p(9), p(7), p(5)];

  it('replaces a post in place when its pin does not change (a lock)', () => {
    const out = placeUpdated(feed, p(7, false, true), false);
    expect(ids(out)).toEqual(['*3', '9', '7', '5']);
    expect(out[2]!.locked).toBe(true);
  });

  it('puts a newly pinned post on top, shown before or not', () => {
    expect(ids(placeUpdated(feed, p(5, true), false))).toEqual(['*5', '*3', '9', '7']);
    expect(ids(placeUpdated(feed, p(1, true), false))).toEqual(['*1', '*3', '9', '7', '5']);
  });

  it('returns an unpinned post to its place by id within the loaded range', () => {
    expect(ids(placeUpdated(feed, p(3), true))).toEqual(['9', '7', '5', '3']);
    expect(ids(placeUpdated([p(8, true), ...feed.slice(1)], p(8), false))).toEqual([
      '9',
      '8',
      '7',
      '5',
    ]);
  });

  it('leaves an unpinned post older than the loaded pages to its page', () => {
    expect(ids(placeUpdated(feed, p(3), false))).toEqual(['9', '7', '5']);
  });
});
