import type { LoginBackoffConfig } from '../config/rate-limit-config';

interface Count {
  failures: number;
  lastFailureMs: number;
}

/** Addresses remembered per account, and login texts counted at once. */
const KNOWN_PER_ACCOUNT = 8;
const MAX_COUNTED = 10_000;

/**
 * Failed logins counted per login text (a nickname or an e-mail, case folded), whatever
 * address they come from: past `freeFailures`, each failure doubles the wait before the next
 * attempt (up to `maxDelayMs`), so guesses spread over many addresses slow down as much as
 * guesses from one. The count is keyed by the text given, never by the account it names: a
 * shared count would let anyone who locked a nickname test whether an e-mail belongs to it
 * (429 or 401), and a text that names no account is counted exactly like one that does.
 *
 * The real user is not held up by it: attempts from an address the account signed in from
 * since the server started (the whole client address, not the rate limiter's /64), or with
 * a live session of that account, never wait (`trusted`). A device the account never signed
 * in from waits while guesses keep coming (at most `maxDelayMs` after the last one).
 * Failures are forgotten after a quiet spell.
 *
 * An attempt counts as failed from `begin` until `succeeded` (or `uncount`) says otherwise,
 * so a burst of parallel guesses cannot all slip in before the first one fails.
 */
export class LoginBackoff {
  private readonly counts = new Map<string, Count>();
  /** userId → addresses it signed in from, newest first. One entry per account that did. */
  private readonly known = new Map<number, string[]>();
  private readonly forgetAfterMs: number;

  constructor(
    private readonly config: LoginBackoffConfig,
    private readonly clock: () => number,
  ) {
    this.forgetAfterMs = Math.max(15 * 60 * 1000, 2 * config.maxDelayMs);
  }

  /** Whether `userId` signed in from `address` since the server started. */
  knows(userId: number, address: string): boolean {
    return this.known.get(userId)?.includes(address) ?? false;
  }

  /**
   * Before a password is checked: null to go ahead (the attempt now counts as a failure),
   * or how long attempts with this login text must wait. `trusted`: the request comes from
   * a known address of the account the text names, or holds a live session of it.
   */
  begin(login: string, trusted: boolean): { retryAfterMs: number } | null {
    const now = this.clock();
    const count = this.touch(login, now);
    if (!trusted) {
      const waitMs = this.lockedUntil(count) - now;
      if (waitMs > 0) return { retryAfterMs: waitMs };
    }
    count.failures += 1;
    count.lastFailureMs = now;
    return null;
  }

  /** The password was right: the text's failures are cleared, and the address remembered. */
  succeeded(login: string, userId: number, address: string): void {
    this.touch(login, this.clock()).failures = 0;
    const known = this.known.get(userId) ?? [];
    this.known.set(
      userId,
      [address, ...known.filter((k) => k !== address)].slice(0, KNOWN_PER_ACCOUNT),
    );
  }

  /** The attempt ended without a verdict on the password (a bad request, a busy server). */
  uncount(login: string): void {
    const count = this.counts.get(login);
    if (count && count.failures > 0) count.failures -= 1;
  }

  /** Login texts counted (for tests). */
  get size(): number {
    return this.counts.size;
  }

  private lockedUntil(count: Count): number {
    const over = count.failures - this.config.freeFailures;
    if (over <= 0) return 0;
    // 2 ** 30 ms is far past any sane maxDelayMs: clamp the exponent, not just the result.
    const delay = Math.min(
      this.config.maxDelayMs,
      this.config.baseDelayMs * 2 ** Math.min(30, over - 1),
    );
    return count.lastFailureMs + delay;
  }

  /** The text's count, most recently used last (the oldest is dropped past MAX_COUNTED). */
  private touch(login: string, now: number): Count {
    let count = this.counts.get(login);
    if (count) this.counts.delete(login);
    else count = { failures: 0, lastFailureMs: 0 };
    if (count.failures > 0 && now - count.lastFailureMs >= this.forgetAfterMs) count.failures = 0;
    this.counts.set(login, count);
    if (this.counts.size > MAX_COUNTED) {
      const oldest = this.counts.keys().next();
      if (!oldest.done) this.counts.delete(oldest.value);
    }
    return count;
  }
}
