/**
 * Gate for "scrolled to the top → load older messages". Scroll and wheel events fire dozens of
 * times per second; this lets one request start only when the view is near the top, nothing is in
 * flight, there is more to load, and `minIntervalMs` has passed since the last load finished (so
 * a fast flick does not chain-load the whole history). Time is passed in, so tests need no clock.
 */
export interface ScrollLoadInput {
  /** Distance from the top of the scroll container, in px. */
  scrollTop: number;
  hasMore: boolean;
  now: number;
}

export class ScrollLoadThrottle {
  #inFlight = false;
  #lastDoneAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly thresholdPx = 80,
    readonly minIntervalMs = 400,
  ) {}

  get inFlight(): boolean {
    return this.#inFlight;
  }

  /** True when a load may start now; the caller must then call `done()` when it settles. */
  tryStart({ scrollTop, hasMore, now }: ScrollLoadInput): boolean {
    if (!hasMore || this.#inFlight) return false;
    if (scrollTop > this.thresholdPx) return false;
    if (now - this.#lastDoneAt < this.minIntervalMs) return false;
    this.#inFlight = true;
    return true;
  }

  /**
   * How long until a load could start, for a request that arrived too soon after the last one:
   * the caller re-checks then, so a throttled scroll is deferred rather than dropped.
   */
  retryInMs(now: number): number {
    if (this.#inFlight) return 0;
    return Math.max(0, this.minIntervalMs - (now - this.#lastDoneAt));
  }

  done(now: number): void {
    this.#inFlight = false;
    this.#lastDoneAt = now;
  }
}

/**
 * The scrollTop that keeps the same messages on screen after older ones were inserted above:
 * the content grew by (newHeight - oldHeight) above the viewport.
 */
export function keepScrollPosition(
  oldScrollTop: number,
  oldHeight: number,
  newHeight: number,
): number {
  return Math.max(0, oldScrollTop + (newHeight - oldHeight));
}
