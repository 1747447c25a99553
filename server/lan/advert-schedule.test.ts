import { describe, expect, it } from 'vitest';
import type { AdvertFacts } from './advert';
import { AdvertSchedule, ONLINE_REANNOUNCE_MS } from './advert-schedule';

const base: AdvertFacts = {
  name: 'Garden club',
  forumId: '0a1b2c3d4e5f',
  version: '0.1.0',
  port: 4747,
  https: true,
  online: 0,
};

/** A clock and timers the test moves by hand. */
function manualTimers() {
  let now = 1_000_000;
  let pending: { at: number; fn: () => void } | null = null;
  return {
    timers: {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => (pending = { at: now + ms, fn }),
      clearTimeout: (h: unknown) => {
        if (pending === h) pending = null;
      },
    },
    advance(ms: number) {
      now += ms;
      if (pending && pending.at <= now) {
        const { fn } = pending;
        pending = null;
        fn();
      }
    },
  };
}

function setup() {
  const t = manualTimers();
  const sent: AdvertFacts[] = [];
  const schedule = new AdvertSchedule(base, (f) => sent.push(f), ONLINE_REANNOUNCE_MS, t.timers);
  return { t, sent, schedule };
}

describe('when the announcement goes out again', () => {
  it('a rename goes out at once, however recent the last announcement', () => {
    const { sent, schedule } = setup();
    schedule.update({ ...base, name: 'Allotments' });
    expect(sent).toEqual([{ ...base, name: 'Allotments' }]);
    schedule.update({ ...base, name: 'Allotments' });
    expect(sent).toHaveLength(1);
  });

  it('the online count at most every 10 s, the latest count winning', () => {
    const { t, sent, schedule } = setup();
    t.advance(3000);
    for (const online of [1, 2, 3]) schedule.update({ ...base, online });
    expect(sent).toEqual([]);
    t.advance(6999);
    expect(sent).toEqual([]);
    t.advance(1);
    expect(sent.map((f) => f.online)).toEqual([3]);
    // Quiet for longer than the gap: the next change goes out at once.
    t.advance(20_000);
    schedule.update({ ...base, online: 4 });
    expect(sent.map((f) => f.online)).toEqual([3, 4]);
  });

  it('a count that went back to what was announced sends nothing', () => {
    const { t, sent, schedule } = setup();
    schedule.update({ ...base, online: 5 });
    schedule.update({ ...base, online: 0 });
    t.advance(60_000);
    expect(sent).toEqual([]);
  });

  it('showing or hiding the count goes out at once; stop() cancels what was waiting', () => {
    const { t, sent, schedule } = setup();
    schedule.update({ ...base, online: null });
    expect(sent.map((f) => f.online)).toEqual([null]);
    schedule.update({ ...base, online: 2 });
    expect(sent.map((f) => f.online)).toEqual([null, 2]);
    schedule.update({ ...base, online: 3 });
    schedule.stop();
    t.advance(60_000);
    expect(sent.map((f) => f.online)).toEqual([null, 2]);
  });
});
