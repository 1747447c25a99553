import { availableParallelism, homedir } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel, type LogSink } from '../logging/logger';
import {
  HostAllowlist,
  normalizeAllowedHost,
  splitHostList,
  type OriginPolicy,
} from './allowed-hosts';
import { databasePath, defaultForumDataDir } from './data-dir';
import { findStaticDir } from './static-dir';

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
}

export type RateLimitOverrides = { [K in keyof RateLimitConfig]?: Partial<BucketConfig> };

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  signup: { burst: 10, perMinute: 0.5 },
  login: { burst: 10, perMinute: 6 },
  posts: { burst: 5, perMinute: 2 },
  comments: { burst: 10, perMinute: 10 },
  ws: { burst: 40, perMinute: 240 },
  wsConnect: { burst: 200, perMinute: 1200 },
};

/** Timings and bounds of the WebSocket live layer (docs/protocol.md explains each). */
export interface LiveTuning {
  /** Ping every socket this often; one that has not answered the previous ping is cut. */
  heartbeatMs: number;
  /** A typing indicator ends by itself after this long without a refresh. */
  typingTimeoutMs: number;
  /** How long a new socket waits for `resume` before live durable events flow anyway. */
  resumeGraceMs: number;
  /** A resume that would replay more than this (events or bytes) gets `resync` instead. */
  replayMaxEvents: number;
  replayMaxBytes: number;
  /**
   * Chat sends are committed in groups, at most one commit (one fsync) per this many ms:
   * under load, each commit carries many messages; when idle, a send commits at once. A
   * page is written once per commit however many messages changed it, so bigger groups
   * cost less CPU per message (docs/protocol.md), for a few ms of latency.
   */
  groupCommitMs: number;
  /** A socket whose unsent data passes this is closed with 4408 (it resumes on reconnect). */
  maxBufferedBytes: number;
  /** With more people online than this, presence goes only to each person's chat contacts. */
  presenceBroadcastMax: number;
  /**
   * Presence changes are gathered for this long and sent together (one write per socket),
   * so a crowd arriving at once costs a few writes per socket, not one per arrival.
   */
  presenceBatchMs: number;
  maxSocketsPerUser: number;
  /** This many rate-limited messages within `floodWindowMs` close the socket with 1008. */
  floodRejections: number;
  floodWindowMs: number;
  /** After a flood close (1008), the user's new sockets are refused (429) for this long. */
  floodCooldownMs: number;
  /**
   * While another program holds the database's write lock, chat sends wait in memory (retried
   * from a timer) at most this long; then their senders get UNAVAILABLE and may resend.
   */
  lockedWriteMaxWaitMs: number;
  /** The event log keeps events this long, and at most this many. */
  eventRetentionMs: number;
  eventMaxRows: number;
  /**
   * true sends every frame through `ws.send` instead of the live layer's own transport
   * (pre-built frames, corked raw-socket writes): a switch for bisecting a transport bug
   * (server/live/transport/README.md). Off by default.
   */
  plainTransport: boolean;
}

export const DEFAULT_LIVE_TUNING: LiveTuning = {
  heartbeatMs: 30_000,
  typingTimeoutMs: 5_000,
  resumeGraceMs: 300,
  replayMaxEvents: 2_000,
  replayMaxBytes: 512 * 1024,
  groupCommitMs: 6,
  maxBufferedBytes: 1024 * 1024,
  presenceBroadcastMax: 500,
  presenceBatchMs: 50,
  maxSocketsPerUser: 32,
  floodRejections: 30,
  floodWindowMs: 10_000,
  floodCooldownMs: 30_000,
  lockedWriteMaxWaitMs: 10_000,
  eventRetentionMs: 14 * 24 * 60 * 60 * 1000,
  eventMaxRows: 1_000_000,
  plainTransport: false,
};

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4000,
  forumName: 'Hearth forum',
  sessionTtlMs: 30 * 24 * 60 * 60 * 1000,
  bcryptCost: 10,
  /**
   * Password jobs waiting for a hashing thread: about 20 s of work for one thread at cost 10
   * (~80 ms a hash), far above a burst of real logins (the bench runs 50 at once).
   */
  hashQueueMax: 256,
  logLevel: 'info' as LogLevel,
} as const;

/** What callers (the host CLI, the desktop app, tests) may pass to `createForumServer`. */
export interface ForumServerOptions {
  /** Folder holding hearth.db; created if missing. Default: the desktop app's data folder. */
  dataDir?: string;
  /** Interface to listen on: 0.0.0.0 for the LAN, 127.0.0.1 for this machine only. */
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  forumName?: string;
  /** `false` turns every rate limit off (load tests); an object overrides some buckets. */
  rateLimit?: false | RateLimitOverrides;
  /** Built renderer to serve at `/`; null serves no UI. Default: `out/renderer` if built. */
  staticDir?: string | null;
  /** Sessions expire this long after their last use. */
  sessionTtlMs?: number;
  /** bcrypt cost; ≥ 10 in production. Tests lower it to stay fast. */
  bcryptCost?: number;
  /** Password hashing threads. Default: one less than the CPU count (at least 1). */
  hashWorkers?: number;
  /** Sign-ups and logins waiting for a hashing thread; past it they get 429 at once. */
  hashQueueMax?: number;
  logLevel?: LogLevel;
  logSink?: LogSink;
  /** Extra origins allowed to call the API and open the socket (besides the server's own). */
  allowedOrigins?: string[];
  /**
   * Extra host names the server answers to (a DNS name set up for the forum, or the name a
   * reverse proxy forwards). IP addresses, localhost and this machine's name always work;
   * any other `Host` gets 421 (DNS rebinding). See `config/allowed-hosts.ts`.
   */
  allowedHosts?: string[];
  /** A better-sqlite3 binary for this runtime's ABI (the desktop app's Electron build). */
  sqliteNativeBinding?: string;
  /** Milliseconds since the epoch; tests inject a controllable clock. */
  clock?: () => number;
  /** Live-layer timings and bounds (tests shorten the typing timeout, for instance). */
  live?: Partial<LiveTuning>;
}

export interface ServerConfig {
  dataDir: string;
  dbPath: string;
  host: string;
  port: number;
  forumName: string;
  rateLimit: RateLimitConfig | false;
  staticDir: string | null;
  sessionTtlMs: number;
  /** Renew a session's expiry at most this often (saves a write per request). */
  sessionRenewAfterMs: number;
  bcryptCost: number;
  hashWorkers: number;
  hashQueueMax: number;
  logLevel: LogLevel;
  logSink: LogSink | undefined;
  /** Origins besides the server's own, and the host names it answers to (same-origin.ts). */
  allowedOrigins: OriginPolicy;
  /** The configured extra host names, normalised (`allowedHosts`, env, `--allowed-host`). */
  allowedHosts: string[];
  sqliteNativeBinding: string | undefined;
  clock: () => number;
  live: LiveTuning;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

const port = z.number().int().min(0).max(65535);
const bucket = z.strictObject({
  burst: z.number().int().min(1).max(1_000_000).optional(),
  perMinute: z.number().positive().max(1_000_000).optional(),
});
const optionsSchema = z.strictObject({
  dataDir: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  port: port.optional(),
  forumName: z.string().trim().min(1).max(80).optional(),
  rateLimit: z
    .union([
      z.literal(false),
      z.strictObject({
        signup: bucket.optional(),
        login: bucket.optional(),
        posts: bucket.optional(),
        comments: bucket.optional(),
        ws: bucket.optional(),
        wsConnect: bucket.optional(),
      }),
    ])
    .optional(),
  staticDir: z.string().min(1).nullable().optional(),
  sessionTtlMs: z.number().int().min(1000).optional(),
  bcryptCost: z.number().int().min(4).max(31).optional(),
  hashWorkers: z.number().int().min(1).max(64).optional(),
  hashQueueMax: z.number().int().min(0).max(100_000).optional(),
  logLevel: z.enum(LOG_LEVELS).optional(),
  logSink: z.custom<LogSink>((v) => typeof v === 'function').optional(),
  allowedOrigins: z.array(z.url()).optional(),
  allowedHosts: z.array(z.string()).optional(),
  sqliteNativeBinding: z.string().min(1).optional(),
  clock: z.custom<() => number>((v) => typeof v === 'function').optional(),
  live: z
    .strictObject({
      ...(Object.fromEntries(
        Object.keys(DEFAULT_LIVE_TUNING)
          .filter((k) => k !== 'plainTransport')
          .map((k) => [k, z.number().int().positive().optional()]),
      ) as Record<Exclude<keyof LiveTuning, 'plainTransport'>, z.ZodOptional<z.ZodNumber>>),
      plainTransport: z.boolean().optional(),
    })
    .optional(),
});

/** Environment variables, each with the message shown when it is malformed. */
const envSchema = z.object({
  HEARTH_DATA_DIR: z.string().min(1).optional(),
  HEARTH_HOST: z.string().min(1).optional(),
  HEARTH_PORT: z
    .string()
    .regex(/^\d+$/, { error: 'must be a port number from 0 to 65535' })
    .transform(Number)
    .pipe(z.number().max(65535, { error: 'must be a port number from 0 to 65535' }))
    .optional(),
  HEARTH_FORUM_NAME: z.string().trim().min(1).max(80).optional(),
  HEARTH_RATE_LIMIT: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional(),
  HEARTH_LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .optional(),
  HEARTH_SQLITE_BINDING: z.string().min(1).optional(),
  HEARTH_ALLOWED_HOSTS: z.string().optional(),
});

function describeIssue(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'value';
  return `${prefix} ${where}: ${issue?.message ?? 'invalid'}`;
}

/** Normalises every entry, or throws a ConfigError naming the bad one and where it came from. */
function resolveAllowedHosts(entries: readonly string[], source: string): string[] {
  const names = new Set<string>();
  for (const entry of entries) {
    const name = normalizeAllowedHost(entry);
    if (name === null) {
      throw new ConfigError(
        `Invalid ${source}: "${entry.slice(0, 100)}" is not a host name (use a name such as forum.example.com).`,
      );
    }
    names.add(name);
  }
  return [...names];
}

function mergeRateLimits(overrides: RateLimitOverrides | undefined): RateLimitConfig {
  const merged = { ...DEFAULT_RATE_LIMITS };
  for (const key of Object.keys(DEFAULT_RATE_LIMITS) as (keyof RateLimitConfig)[]) {
    merged[key] = { ...DEFAULT_RATE_LIMITS[key], ...stripUndefined(overrides?.[key] ?? {}) };
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The one place that reads the environment. Explicit options win over HEARTH_* variables,
 * which win over the caller's defaults, then the library's. Throws ConfigError with a message fit for a person.
 */
export function resolveServerConfig(
  options: ForumServerOptions = {},
  env: Env = process.env,
  /** Defaults of the calling program: the headless host listens on the LAN by default. */
  defaults: { host?: string; port?: number } = {},
): ServerConfig {
  const opts = optionsSchema.safeParse(options);
  if (!opts.success) throw new ConfigError(describeIssue('Invalid server option', opts.error));
  const vars = envSchema.safeParse(env);
  if (!vars.success)
    throw new ConfigError(describeIssue('Invalid environment variable', vars.error));
  const o = opts.data;
  const e = vars.data;

  const dataDir = resolve(
    o.dataDir ??
      e.HEARTH_DATA_DIR ??
      defaultForumDataDir({ platform: process.platform, env, homedir: homedir() }),
  );
  const rateLimitOff =
    o.rateLimit === false || (o.rateLimit === undefined && e.HEARTH_RATE_LIMIT === 'off');
  const sessionTtlMs = o.sessionTtlMs ?? DEFAULTS.sessionTtlMs;
  const host = o.host ?? e.HEARTH_HOST ?? defaults.host ?? DEFAULTS.host;
  const allowedHosts =
    o.allowedHosts !== undefined
      ? resolveAllowedHosts(o.allowedHosts, 'server option allowedHosts')
      : resolveAllowedHosts(
          splitHostList(e.HEARTH_ALLOWED_HOSTS ?? ''),
          'environment variable HEARTH_ALLOWED_HOSTS',
        );

  return {
    dataDir,
    dbPath: databasePath(dataDir),
    host,
    port: o.port ?? e.HEARTH_PORT ?? defaults.port ?? DEFAULTS.port,
    forumName: o.forumName ?? e.HEARTH_FORUM_NAME ?? DEFAULTS.forumName,
    rateLimit: rateLimitOff ? false : mergeRateLimits(o.rateLimit || undefined),
    staticDir: o.staticDir === undefined ? findStaticDir() : o.staticDir,
    sessionTtlMs,
    sessionRenewAfterMs: Math.min(60 * 60 * 1000, Math.floor(sessionTtlMs / 4)),
    bcryptCost: o.bcryptCost ?? DEFAULTS.bcryptCost,
    hashWorkers: o.hashWorkers ?? defaultHashWorkers(),
    hashQueueMax: o.hashQueueMax ?? DEFAULTS.hashQueueMax,
    logLevel: o.logLevel ?? e.HEARTH_LOG_LEVEL ?? DEFAULTS.logLevel,
    logSink: o.logSink,
    allowedOrigins: {
      origins: (o.allowedOrigins ?? []).map((u) => new URL(u).origin),
      hosts: new HostAllowlist(allowedHosts, host),
    },
    allowedHosts,
    sqliteNativeBinding: o.sqliteNativeBinding ?? e.HEARTH_SQLITE_BINDING,
    clock: o.clock ?? Date.now,
    live: { ...DEFAULT_LIVE_TUNING, ...stripUndefined(o.live ?? {}) },
  };
}

/** Leave one core to the event loop: hashing must never starve request handling. */
function defaultHashWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
