import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const top = (n: number) => backoffDelay(n, () => 0.999999);
    expect(top(0)).toBe(500);
    expect(top(1)).toBe(1000);
    expect(top(2)).toBe(2000);
    expect(top(5)).toBe(15_000);
    expect(top(50)).toBe(15_000);
  });

  it('never goes below the floor share of the cap', () => {
    expect(backoffDelay(0, () => 0)).toBe(150);
    expect(backoffDelay(10, () => 0)).toBe(4500);
  });

  it('spreads clients over the window (jitter)', () => {
    let seed = 42;
    const rng = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, rng)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000 * DEFAULT_BACKOFF.floorRatio);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });
});
