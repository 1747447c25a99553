import type { LiveTuning } from '../config/server-config';
import type { Logger } from '../logging/logger';
import { TokenBucketLimiter, type RateLimiter } from '../security/rate-limiter';

/** A refused handshake: 429 with Retry-After. */
export interface HandshakeRefusal {
  message: string;
  retryAfterSec: number;
}

/** What to do with a message the bucket could not pay for. */
export type Rejection =
  /** Answer RATE_LIMITED: the socket stays. */
  | { close: false; retryAfterSec: number }
  /** The user is flooding: close this socket with 1008. */
  | { close: true };

interface FloodState {
  /** Rate-limited messages (all the user's sockets) in the window that began at windowStart. */
  rejections: number;
  windowStart: number;
  /** Until then, the user's handshakes are refused and any refused message closes its socket. */
  cooldownUntil: number;
}

export interface FloodGuardDeps {
  /** Per user, shared with every message (`rateLimit.ws`). */
  perUser: RateLimiter;
  /** Per IP address, handshakes only (`rateLimit.wsConnect`); UNLIMITED when limits are off. */
  perAddress: RateLimiter;
  clock: () => number;
  tuning: Pick<LiveTuning, 'floodRejections' | 'floodWindowMs' | 'floodCooldownMs'>;
  log: Logger;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * Rate limits of the live layer beyond the per-message bucket:
 *
 * - Every handshake takes a token of its address (before the session is checked) and one of
 *   its user's message bucket: reconnecting is not a way around the bucket, and a user's
 *   first `resume` on the new socket is already paid for.
 * - Flood state is per user, across sockets: more than `floodRejections` refused messages
 *   within `floodWindowMs` close the socket (1008) and start a cooldown of `floodCooldownMs`,
 *   during which the user's handshakes get 429 and any refused message on their other sockets
 *   closes that socket too. While flooding, a frame the bucket cannot pay for is refused
 *   before it is parsed.
 * - The "closed for flooding" warning is logged once per flood, and at most a few per minute
 *   over all users (with a count of those left out), so a flood cannot flood the log.
 *
 * With rate limits off (`--no-rate-limit`) both buckets are UNLIMITED, nothing is ever
 * refused, and none of this engages.
 */
export class FloodGuard {
  private readonly users = new Map<number, FloodState>();
  /** A few "flooding" warnings per minute at most, over all users. */
  private readonly logLines: TokenBucketLimiter;
  private unlogged = 0;

  constructor(private readonly deps: FloodGuardDeps) {
    this.logLines = new TokenBucketLimiter({ burst: 5, perMinute: 6 }, deps.clock);
  }

  /** Users with flood state (for tests and stats). */
  get size(): number {
    return this.users.size;
  }

  /** Before the session check: one token of the address's handshake bucket. */
  admitAddress(address: string): HandshakeRefusal | null {
    const d = this.deps.perAddress.take(address);
    if (d.allowed) return null;
    const retryAfterSec = seconds(d.retryAfterMs);
    return {
      message: `Too many connection attempts from this address. Try again in ${retryAfterSec} s.`,
      retryAfterSec,
    };
  }

  /** After it: refused while the user cools down from a flood, else one token of their bucket. */
  admitUser(userId: number): HandshakeRefusal | null {
    const now = this.deps.clock();
    const state = this.users.get(userId);
    if (state && state.cooldownUntil > now) {
      const retryAfterSec = seconds(state.cooldownUntil - now);
      return {
        message: `Too many messages from this account. Reconnect in ${retryAfterSec} s.`,
        retryAfterSec,
      };
    }
    const d = this.deps.perUser.take(userId);
    if (d.allowed) return null;
    const retryAfterSec = seconds(d.retryAfterMs);
    return {
      message: `Too many connections from this account. Try again in ${retryAfterSec} s.`,
      retryAfterSec,
    };
  }

  /** Takes `cost` tokens for a message; null if paid, else what to do with it. */
  take(userId: number, cost: number): Rejection | null {
    const d = this.deps.perUser.take(userId, cost);
    return d.allowed ? null : this.rejected(userId, d.retryAfterMs);
  }

  /**
   * Whether to refuse a frame without parsing it: the user is flooding and their bucket
   * cannot pay even `minCost`. (Outside a flood every refused message is parsed, so that its
   * RATE_LIMITED error names the clientId it is about; a flood refuses at most
   * `floodRejections` messages that way per window before it closes sockets.)
   */
  refuseUnread(userId: number, minCost: number): Rejection | null {
    const state = this.users.get(userId);
    if (!state || state.cooldownUntil <= this.deps.clock()) return null;
    const d = this.deps.perUser.take(userId, minCost);
    if (!d.allowed) return this.rejected(userId, d.retryAfterMs);
    this.deps.perUser.refund(userId, minCost);
    return null;
  }

  /** Forgets users whose window and cooldown are over (call now and then). */
  prune(): void {
    const now = this.deps.clock();
    const { floodWindowMs } = this.deps.tuning;
    for (const [userId, s] of this.users) {
      if (s.cooldownUntil <= now && now - s.windowStart > floodWindowMs) this.users.delete(userId);
    }
  }

  private rejected(userId: number, retryAfterMs: number): Rejection {
    const { floodRejections, floodWindowMs, floodCooldownMs } = this.deps.tuning;
    const now = this.deps.clock();
    let state = this.users.get(userId);
    if (!state) {
      state = { rejections: 0, windowStart: now, cooldownUntil: 0 };
      this.users.set(userId, state);
    } else if (now - state.windowStart > floodWindowMs) {
      state.rejections = 0;
      state.windowStart = now;
    }
    state.rejections++;
    if (state.cooldownUntil > now) return { close: true };
    if (state.rejections > floodRejections) {
      state.cooldownUntil = now + floodCooldownMs;
      this.logFlood(userId);
      return { close: true };
    }
    return { close: false, retryAfterSec: seconds(retryAfterMs) };
  }

  private logFlood(userId: number): void {
    if (!this.logLines.take('flood').allowed) {
      this.unlogged++;
      return;
    }
    const fields: Record<string, unknown> = {
      userId,
      cooldownMs: this.deps.tuning.floodCooldownMs,
    };
    if (this.unlogged > 0) fields.othersNotLogged = this.unlogged;
    this.unlogged = 0;
    this.deps.log.warn('user flooding: socket closed, reconnects refused for a while', fields);
  }
}
