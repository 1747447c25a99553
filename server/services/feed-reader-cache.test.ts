import { describe, expect, it } from 'vitest';
import { FeedReaderCache } from './feed-reader-cache';

const bytes = (n: number, fill = 1) => Buffer.alloc(n, fill);

describe('FeedReaderCache', () => {
  it('answers only for the same page with nothing written since', () => {
    const cache = new FeedReaderCache(1000);
    const page = bytes(10);
    const body = bytes(20);
    cache.set('1|k', page, 5, body);
    expect(cache.get('1|k', page, 5)).toBe(body);
    expect(cache.get('2|k', page, 5)).toBeUndefined();
    // A rebuilt page (same bytes, another Buffer) or any write: stale, and dropped.
    expect(cache.get('1|k', bytes(10), 5)).toBeUndefined();
    expect(cache.get('1|k', page, 5)).toBeUndefined();
    cache.set('1|k', page, 5, body);
    expect(cache.get('1|k', page, 6)).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('stays within its bytes, least recently used out first', () => {
    const cache = new FeedReaderCache(100);
    const page = bytes(1);
    cache.set('a', page, 1, bytes(12));
    cache.set('b', page, 1, bytes(12));
    expect(cache.get('a', page, 1)).toBeDefined();
    for (let i = 0; i < 7; i++) cache.set(`c${i}`, page, 1, bytes(12));
    expect(cache.bytes).toBeLessThanOrEqual(100);
    expect(cache.get('b', page, 1)).toBeUndefined();
    expect(cache.get('a', page, 1)).toBeDefined();
    // Bigger than an eighth of the whole: not kept.
    cache.set('big', page, 1, bytes(13));
    expect(cache.get('big', page, 1)).toBeUndefined();
    cache.set('a', page, 1, bytes(5));
    expect(cache.get('a', page, 1)?.length).toBe(5);
  });
});
