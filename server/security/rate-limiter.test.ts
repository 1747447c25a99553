import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './rate-limiter';

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refills continuously', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ burst: 3, perMinute: 60 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('u').allowed)).toEqual([true, true, true]);
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterMs: 1000 });
    now += 500;
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterMs: 500 });
    now += 500;
    expect(limiter.take('u')).toEqual({ allowed: true, remaining: 0 });
    now += 60_000;
    expect(limiter.take('u')).toEqual({ allowed: true, remaining: 2 });
  });

  it('keeps keys apart and charges costs (cheap typing, dear messages)', () => {
    const now = 0;
    const limiter = new TokenBucketLimiter({ burst: 10, perMinute: 60 }, () => now);
    expect(limiter.take(1, 8).allowed).toBe(true);
    expect(limiter.take(1, 4)).toEqual({ allowed: false, retryAfterMs: 2000 });
    expect(limiter.take(1, 0.5).allowed).toBe(true);
    expect(limiter.take(2, 10).allowed).toBe(true);
  });

  it('refunds a token, never above the burst', () => {
    const now = 0;
    const limiter = new TokenBucketLimiter({ burst: 2, perMinute: 1 }, () => now);
    limiter.take('u');
    limiter.take('u');
    expect(limiter.take('u').allowed).toBe(false);
    limiter.refund('u');
    expect(limiter.take('u').allowed).toBe(true);
    limiter.refund('u');
    limiter.refund('u');
    limiter.refund('u');
    expect(limiter.take('u')).toEqual({ allowed: true, remaining: 1 });
  });

  it('forgets idle buckets so memory stays bounded', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ burst: 2, perMinute: 60 }, () => now);
    for (let i = 0; i < 1000; i++) limiter.take(`ip-${i}`);
    expect(limiter.size).toBe(1000);
    now += 120_000;
    limiter.take('fresh');
    expect(limiter.size).toBe(1);
  });
});
