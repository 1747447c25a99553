/**
 * Reconnect delays: exponential growth with "full jitter" (a random delay between a floor and
 * the exponential cap), so that a server restart is not met by every client at the same instant.
 */
export interface BackoffOptions {
  /** Delay cap for the first retry, in ms. */
  baseMs: number;
  /** Upper bound for any delay, in ms. */
  maxMs: number;
  /** Share of the cap that is always waited (0–1), so retries never spin at ~0 ms. */
  floorRatio: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 15_000, floorRatio: 0.3 };

/** Delay before retry number `attempt` (0-based). `random` returns [0, 1). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const floor = exp * options.floorRatio;
  return Math.round(floor + (exp - floor) * random());
}
