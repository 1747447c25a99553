import type { LoginBackoffConfig } from '../config/rate-limit-config';

interface AccountState {
  failures: number;
  lastFailureMs: number;
  /** Rate-limit keys (client-ip.ts) this account logged in from: never made to wait. */
  known: string[];
}

/** Per account: how many addresses it remembers, and how many accounts are tracked at once. */
const KNOWN_PER_ACCOUNT = 8;
const MAX_ACCOUNTS = 10_000;

/**
 * Failed logins counted per account, whatever address they come from: past `freeFailures`,
 * each failure doubles the wait before the next attempt (up to `maxDelayMs`), so guesses
 * spread over many addresses slow down as much as guesses from one. A real user is not
 * locked out by it: attempts from an address the account has logged in from before, or
 * with a live session of that account, never wait (only the per-IP limit applies), and a
 * new device waits at most `maxDelayMs`. Failures are forgotten after a quiet spell.
 *
 * An attempt counts as failed from `begin` until `succeeded` (or `uncount`) says otherwise,
 * so a burst of parallel guesses cannot all slip in before the first one fails.
 */
export class LoginBackoff {
  private readonly accounts = new Map<string, AccountState>();
  private readonly forgetAfterMs: number;

  constructor(
    private readonly config: LoginBackoffConfig,
    private readonly clock: () => number,
  ) {
    this.forgetAfterMs = Math.max(15 * 60 * 1000, 2 * config.maxDelayMs);
  }

  /**
   * Before a password is checked: null to go ahead (the attempt now counts as a failure),
   * or how long this account's attempts must wait. `from` is the client's rate-limit key;
   * `vouched` is true when the request holds a live session of this very account.
   */
  begin(account: string, from: string, vouched: boolean): { retryAfterMs: number } | null {
    const now = this.clock();
    const state = this.touch(account, now);
    if (!vouched && !state.known.includes(from)) {
      const waitMs = this.lockedUntil(state) - now;
      if (waitMs > 0) return { retryAfterMs: waitMs };
    }
    state.failures += 1;
    state.lastFailureMs = now;
    return null;
  }

  /** The password was right: failures are cleared, and the address is remembered. */
  succeeded(account: string, from: string): void {
    const state = this.touch(account, this.clock());
    state.failures = 0;
    state.known = [from, ...state.known.filter((k) => k !== from)].slice(0, KNOWN_PER_ACCOUNT);
  }

  /** The attempt ended without a verdict on the password (a bad request, a busy server). */
  uncount(account: string): void {
    const state = this.accounts.get(account);
    if (state && state.failures > 0) state.failures -= 1;
  }

  /** Accounts tracked (for tests). */
  get size(): number {
    return this.accounts.size;
  }

  private lockedUntil(state: AccountState): number {
    const over = state.failures - this.config.freeFailures;
    if (over <= 0) return 0;
    // 2 ** 30 ms is far past any sane maxDelayMs: clamp the exponent, not just the result.
    const delay = Math.min(
      this.config.maxDelayMs,
      this.config.baseDelayMs * 2 ** Math.min(30, over - 1),
    );
    return state.lastFailureMs + delay;
  }

  /** The account's state, most recently used last (the oldest is dropped past MAX_ACCOUNTS). */
  private touch(account: string, now: number): AccountState {
    let state = this.accounts.get(account);
    if (state) this.accounts.delete(account);
    else state = { failures: 0, lastFailureMs: 0, known: [] };
    if (state.failures > 0 && now - state.lastFailureMs >= this.forgetAfterMs) state.failures = 0;
    this.accounts.set(account, state);
    if (this.accounts.size > MAX_ACCOUNTS) {
      const oldest = this.accounts.keys().next();
      if (!oldest.done) this.accounts.delete(oldest.value);
    }
    return state;
  }
}
