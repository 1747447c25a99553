import type { AdvertFacts } from './advert';

/** At most one re-announcement for a changed online count this often (mDNS is multicast). */
export const ONLINE_REANNOUNCE_MS = 10_000;

export interface ScheduleTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ScheduleTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

function sameExceptOnline(a: AdvertFacts, b: AdvertFacts): boolean {
  return (
    a.name === b.name &&
    a.port === b.port &&
    a.https === b.https &&
    a.forumId === b.forumId &&
    a.version === b.version
  );
}

/**
 * Decides when the announcement is sent again. A rename, or the online count being shown or
 * hidden, goes out at once (people browsing should see the new name now); a changed count
 * goes out at most every `minGapMs`, the latest count winning, so a busy forum does not
 * flood the network with multicast.
 */
export class AdvertSchedule {
  private sent: AdvertFacts;
  private sentAt: number;
  private pending: unknown = null;
  private latest: AdvertFacts;

  constructor(
    initial: AdvertFacts,
    private readonly send: (facts: AdvertFacts) => void,
    private readonly minGapMs = ONLINE_REANNOUNCE_MS,
    private readonly timers: ScheduleTimers = realTimers,
  ) {
    this.sent = initial;
    this.latest = initial;
    this.sentAt = timers.now();
  }

  /** What is true now; sends it now, later or not at all. */
  update(facts: AdvertFacts): void {
    this.latest = facts;
    if (
      !sameExceptOnline(facts, this.sent) ||
      (facts.online === null) !== (this.sent.online === null)
    ) {
      this.flush();
      return;
    }
    if (facts.online === this.sent.online) {
      this.cancel();
      return;
    }
    const wait = this.sentAt + this.minGapMs - this.timers.now();
    if (wait <= 0) this.flush();
    else
      this.pending ??= this.timers.setTimeout(() => {
        this.pending = null;
        if (this.latest.online !== this.sent.online) this.flush();
      }, wait);
  }

  /** Nothing more goes out (the host is stopping). */
  stop(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.pending !== null) this.timers.clearTimeout(this.pending);
    this.pending = null;
  }

  private flush(): void {
    this.cancel();
    this.sent = this.latest;
    this.sentAt = this.timers.now();
    this.send(this.latest);
  }
}
