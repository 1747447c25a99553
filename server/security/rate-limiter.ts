import type { BucketConfig } from '../config/server-config';

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  /** Spends `cost` tokens of `key`'s bucket if it has them. */
  take(key: string | number, cost?: number): RateDecision;
  /** Gives back tokens spent on an attempt that did not count (never above the burst). */
  refund(key: string | number, cost?: number): void;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per key (an IP, a user id): `burst` tokens, refilled continuously at
 * `perMinute`. Used for HTTP writes here and reusable for WebSocket messages (give typing a
 * lower `cost` than sending). Idle buckets are forgotten, so memory stays bounded.
 */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string | number, Bucket>();
  private readonly perMs: number;
  private lastPruneMs: number;

  constructor(
    private readonly config: BucketConfig,
    private readonly clock: () => number = Date.now,
  ) {
    this.perMs = config.perMinute / 60_000;
    this.lastPruneMs = clock();
  }

  take(key: string | number, cost = 1): RateDecision {
    const now = this.clock();
    this.pruneIfDue(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.config.burst, updatedMs: now };
    const tokens = Math.min(
      this.config.burst,
      bucket.tokens + Math.max(0, now - bucket.updatedMs) * this.perMs,
    );
    if (tokens >= cost) {
      this.buckets.set(key, { tokens: tokens - cost, updatedMs: now });
      return { allowed: true, remaining: Math.floor(tokens - cost) };
    }
    this.buckets.set(key, { tokens, updatedMs: now });
    return { allowed: false, retryAfterMs: Math.ceil((cost - tokens) / this.perMs) };
  }

  refund(key: string | number, cost = 1): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.config.burst, bucket.tokens + cost);
  }

  /** Number of keys currently tracked (for tests and stats). */
  get size(): number {
    return this.buckets.size;
  }

  private pruneIfDue(now: number): void {
    if (now - this.lastPruneMs < 60_000) return;
    this.lastPruneMs = now;
    const fullAfterMs = this.config.burst / this.perMs;
    for (const [key, b] of this.buckets) {
      if (now - b.updatedMs >= fullAfterMs) this.buckets.delete(key);
    }
  }
}

/** Used when rate limits are off (`--no-rate-limit`). */
export const UNLIMITED: RateLimiter = {
  take: () => ({ allowed: true, remaining: Number.POSITIVE_INFINITY }),
  refund: () => undefined,
};

export interface RateLimiters {
  signup: RateLimiter;
  login: RateLimiter;
  posts: RateLimiter;
  comments: RateLimiter;
  ws: RateLimiter;
  reactions: RateLimiter;
}

export function createRateLimiters(
  config: { [K in keyof RateLimiters]: BucketConfig } | false,
  clock: () => number,
): RateLimiters {
  if (config === false) {
    return {
      signup: UNLIMITED,
      login: UNLIMITED,
      posts: UNLIMITED,
      comments: UNLIMITED,
      ws: UNLIMITED,
      reactions: UNLIMITED,
    };
  }
  return {
    signup: new TokenBucketLimiter(config.signup, clock),
    login: new TokenBucketLimiter(config.login, clock),
    posts: new TokenBucketLimiter(config.posts, clock),
    comments: new TokenBucketLimiter(config.comments, clock),
    ws: new TokenBucketLimiter(config.ws, clock),
    reactions: new TokenBucketLimiter(config.reactions, clock),
  };
}
