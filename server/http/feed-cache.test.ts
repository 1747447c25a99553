import { describe, expect, it } from 'vitest';
import { FeedCache } from './feed-cache';

describe('FeedCache', () => {
  it('builds once, then serves the same bytes until invalidated', () => {
    let builds = 0;
    const cache = new FeedCache({ maxBytes: 1 << 20, ttlMs: 1000, clock: () => 0 });
    const build = () => ({ n: ++builds });
    expect(cache.get('a', build).toString()).toBe('{"n":1}');
    expect(cache.get('a', build).toString()).toBe('{"n":1}');
    cache.invalidate();
    expect(cache.get('a', build).toString()).toBe('{"n":2}');
  });

  it('expires entries after the TTL', () => {
    let now = 0;
    let builds = 0;
    const cache = new FeedCache({ maxBytes: 1 << 20, ttlMs: 1000, clock: () => now });
    cache.get('a', () => ++builds);
    now = 999;
    cache.get('a', () => ++builds);
    now = 1000;
    cache.get('a', () => ++builds);
    expect(builds).toBe(2);
  });

  it('stays within its byte budget, dropping the least recently used', () => {
    const cache = new FeedCache({ maxBytes: 800, ttlMs: 1000, clock: () => 0 });
    const page = (c: string) => () => c.repeat(98); // 100 bytes as JSON
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) cache.get(key, page(key));
    cache.get('a', page('x')); // touch a
    cache.get('i', page('i'));
    expect(cache.size).toBe(8);
    let rebuilt = false;
    cache.get('a', () => ((rebuilt = true), 'a'));
    expect(rebuilt).toBe(false);
    cache.get('b', () => ((rebuilt = true), 'b'));
    expect(rebuilt).toBe(true);
  });

  it('does not keep one page that would take over the budget', () => {
    const cache = new FeedCache({ maxBytes: 800, ttlMs: 1000, clock: () => 0 });
    cache.get('huge', () => 'z'.repeat(500));
    expect(cache.size).toBe(0);
  });
});
