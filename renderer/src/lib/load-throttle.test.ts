import { describe, expect, it } from 'vitest';
import { keepScrollPosition, ScrollLoadThrottle } from './load-throttle';

describe('ScrollLoadThrottle', () => {
  it('starts a load only near the top', () => {
    const t = new ScrollLoadThrottle(80, 400);
    expect(t.tryStart({ scrollTop: 300, hasMore: true, now: 0 })).toBe(false);
    expect(t.tryStart({ scrollTop: 20, hasMore: true, now: 0 })).toBe(true);
  });

  it('allows one load in flight, however many scroll events arrive', () => {
    const t = new ScrollLoadThrottle(80, 400);
    let started = 0;
    for (let i = 0; i < 100; i++)
      if (t.tryStart({ scrollTop: 0, hasMore: true, now: i })) started++;
    expect(started).toBe(1);
    expect(t.inFlight).toBe(true);
  });

  it('waits minIntervalMs after a load settles before the next one', () => {
    const t = new ScrollLoadThrottle(80, 400);
    expect(t.tryStart({ scrollTop: 0, hasMore: true, now: 1000 })).toBe(true);
    t.done(1200);
    expect(t.tryStart({ scrollTop: 0, hasMore: true, now: 1300 })).toBe(false);
    expect(t.tryStart({ scrollTop: 0, hasMore: true, now: 1599 })).toBe(false);
    expect(t.tryStart({ scrollTop: 0, hasMore: true, now: 1600 })).toBe(true);
  });

  it('says when a throttled request can be retried', () => {
    const t = new ScrollLoadThrottle(80, 400);
    expect(t.retryInMs(0)).toBe(0);
    t.tryStart({ scrollTop: 0, hasMore: true, now: 0 });
    expect(t.retryInMs(50)).toBe(0); // in flight: done() decides, not a timer
    t.done(100);
    expect(t.retryInMs(150)).toBe(350);
    expect(t.retryInMs(600)).toBe(0);
  });

  it('stops at the start of the conversation', () => {
    const t = new ScrollLoadThrottle();
    expect(t.tryStart({ scrollTop: 0, hasMore: false, now: 10_000 })).toBe(false);
  });

  it('caps loads during a long continuous scroll at the top', () => {
    const t = new ScrollLoadThrottle(80, 400);
    let loads = 0;
    // 5 s of scroll events every 16 ms; each load takes 100 ms.
    let doneAt = -1;
    for (let now = 0; now <= 5000; now += 16) {
      if (doneAt >= 0 && now >= doneAt) {
        t.done(doneAt);
        doneAt = -1;
      }
      if (t.tryStart({ scrollTop: 0, hasMore: true, now })) {
        loads++;
        doneAt = now + 100;
      }
    }
    expect(loads).toBeGreaterThanOrEqual(9);
    expect(loads).toBeLessThanOrEqual(11);
  });
});

describe('keepScrollPosition', () => {
  it('shifts by the height added above', () => {
    expect(keepScrollPosition(0, 600, 1200)).toBe(600);
    expect(keepScrollPosition(35, 600, 900)).toBe(335);
  });
  it('never goes negative', () => {
    expect(keepScrollPosition(0, 900, 600)).toBe(0);
  });
});
