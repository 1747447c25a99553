import { z } from 'zod';

/** A token bucket: `burst` requests at once, refilled at `perMinute`. */
export interface BucketConfig {
  burst: number;
  perMinute: number;
}

/** Per IP for signup and login; per user for posts, comments and WebSocket messages. */
export interface RateLimitConfig {
  signup: BucketConfig;
  login: BucketConfig;
  posts: BucketConfig;
  comments: BucketConfig;
  /** WebSocket messages per user (all their sockets): chat.send costs 1, typing and reads less. */
  ws: BucketConfig;
  /**
   * WebSocket handshakes per IP address, counted before the session is checked (each
   * handshake also takes one `ws` token of its user). Generous: a whole LAN may share one
   * address (NAT, an IPv6 /64) and reconnect at once after a restart.
   */
  wsConnect: BucketConfig;
  /** (issue 12) Reactions added or removed per user: clicks come in bursts, each one broadcast. */
  reactions: BucketConfig;
}

export type RateLimitOverrides = { [K in keyof RateLimitConfig]?: Partial<BucketConfig> };

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  signup: { burst: 10, perMinute: 0.5 },
  login: { burst: 10, perMinute: 6 },
  posts: { burst: 5, perMinute: 2 },
  comments: { burst: 10, perMinute: 10 },
  ws: { burst: 40, perMinute: 240 },
  wsConnect: { burst: 200, perMinute: 1200 },
  reactions: { burst: 30, perMinute: 60 },
};

/** Per-account backoff of failed logins (security/login-backoff.ts). */
export interface LoginBackoffConfig {
  /** Failed logins of one account allowed before any wait: as many as one IP's burst. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further one. */
  baseDelayMs: number;
  /** The longest wait: a new device of the real user never waits longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_LOGIN_BACKOFF: LoginBackoffConfig = {
  freeFailures: 10,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60 * 1000,
};

const bucket = z.strictObject({
  burst: z.number().int().min(1).max(1_000_000).optional(),
  perMinute: z.number().positive().max(1_000_000).optional(),
});

/** The `rateLimit` server option: `false` (all off) or overrides of some buckets. */
export const rateLimitOptionSchema = z.union([
  z.literal(false),
  z.strictObject(
    Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS).map((k) => [k, bucket.optional()])) as {
      [K in keyof RateLimitConfig]: z.ZodOptional<typeof bucket>;
    },
  ),
]);

/** The `loginBackoff` server option: any subset of LoginBackoffConfig. */
export const loginBackoffSchema = z.strictObject({
  freeFailures: z.number().int().min(1).max(1_000_000).optional(),
  baseDelayMs: z.number().int().min(1).max(3_600_000).optional(),
  maxDelayMs: z
    .number()
    .int()
    .min(1)
    .max(24 * 3_600_000)
    .optional(),
});

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The defaults with each given field of each bucket replaced. */
export function mergeRateLimits(overrides: RateLimitOverrides | undefined): RateLimitConfig {
  const merged = { ...DEFAULT_RATE_LIMITS };
  for (const key of Object.keys(DEFAULT_RATE_LIMITS) as (keyof RateLimitConfig)[]) {
    merged[key] = { ...DEFAULT_RATE_LIMITS[key], ...stripUndefined(overrides?.[key] ?? {}) };
  }
  return merged;
}
