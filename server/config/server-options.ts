import type { LogLevel, LogSink } from '../logging/logger';
import type { TrustedProxies } from '../security/trusted-proxies';
import type { OriginPolicy } from './allowed-hosts';
import type { HttpTimeouts } from './http-timeouts';
import type { LiveTuning } from './live-tuning';
import type { UploadLimits } from './upload-limits';
import type { LoginBackoffConfig, RateLimitConfig, RateLimitOverrides } from './rate-limit-config';

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
  /** Per-account slowdown of failed logins (off with `rateLimit: false`). */
  loginBackoff?: Partial<LoginBackoffConfig>;
  /** Built renderer to serve at `/`; null serves no UI. Default: `out/renderer` if built. */
  staticDir?: string | null;
  /** Sessions expire this long after their last use. */
  sessionTtlMs?: number;
  /** bcrypt cost; ≥ 10 in production. Tests lower it to stay fast. */
  bcryptCost?: number;
  /** Password hashing threads. Default: min(4, CPU count − 1), at least 1. */
  hashWorkers?: number;
  /** Sign-ups and logins waiting for a hashing thread; past it they get 429 at once. */
  hashQueueMax?: number;
  /**
   * Threads that run searches, each with its own read-only connection (issue 12); 0 runs
   * them on the event loop. Default: the CPU count, at most 8.
   */
  searchThreads?: number;
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
  /**
   * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto
   * are believed: rate limits then count the forwarded client, and the cookie gets `Secure`
   * behind a TLS proxy. Nobody by default.
   */
  trustProxy?: string[];
  /** A better-sqlite3 binary for this runtime's ABI (the desktop app's Electron build). */
  sqliteNativeBinding?: string;
  /** Milliseconds since the epoch; tests inject a controllable clock. */
  clock?: () => number;
  /** Live-layer timings and bounds (tests shorten the typing timeout, for instance). */
  live?: Partial<LiveTuning>;
  /** How long a client may take to send a request, and keep an idle connection open. */
  http?: Partial<HttpTimeouts>;
  /**
   * How a forum without an owner gets one (services/forum.service.ts): `token` (default)
   * through setup with the one-time token; `first-signup`: the first sign-up owns it (tests
   * and throwaway forums on one machine only). Env: HEARTH_SETUP.
   */
  setup?: 'token' | 'first-signup';
  /** Also write the setup token to this file (mode 0600), for scripts and tests. */
  setupTokenFile?: string;
  /**
   * Pictures and files: the largest file (default 25 MB) and what one user may upload in
   * 24 hours (default 500 MB), in bytes. Env: HEARTH_UPLOAD_MAX_MB, HEARTH_UPLOAD_DAILY_MB.
   */
  uploads?: { maxFileBytes?: number; maxBytesPerDay?: number };
  /**
   * Serve HTTPS with the certificate kept in `<dataDir>/tls/` (made at first start):
   * browsers then get a secure context (notifications), cookies `Secure`, the socket `wss`.
   * Env: HEARTH_HTTPS=on|off. Default off for the library; the app and host choose.
   */
  https?: boolean;
  /**
   * Announce the forum on the LAN by DNS-SD (`_hearth._tcp`, server/lan/). Never done for a
   * loopback-only host, whatever this says.
   */
  advertise?: boolean;
  /**
   * With `https`: also serve plain HTTP, for old devices, on this second port (0 picks a
   * free one; null or absent: none). The HTTPS port stays TLS only. Env: HEARTH_HTTP_PORT.
   */
  httpPort?: number | null;
}

export interface ServerConfig {
  dataDir: string;
  dbPath: string;
  host: string;
  port: number;
  forumName: string;
  rateLimit: RateLimitConfig | false;
  /** False when rate limits are off. */
  loginBackoff: LoginBackoffConfig | false;
  staticDir: string | null;
  sessionTtlMs: number;
  /** Renew a session's expiry at most this often (saves a write per request). */
  sessionRenewAfterMs: number;
  bcryptCost: number;
  hashWorkers: number;
  hashQueueMax: number;
  searchThreads: number;
  logLevel: LogLevel;
  logSink: LogSink | undefined;
  /** Origins besides the server's own, and the host names it answers to (same-origin.ts). */
  allowedOrigins: OriginPolicy;
  /** The configured extra host names, normalised (`allowedHosts`, env, `--allowed-host`). */
  allowedHosts: string[];
  /** `trustProxy`, `HEARTH_TRUST_PROXY` or `--trust-proxy` (security/trusted-proxies.ts). */
  trustProxy: TrustedProxies;
  sqliteNativeBinding: string | undefined;
  clock: () => number;
  live: LiveTuning;
  http: HttpTimeouts;
  setup: 'token' | 'first-signup';
  setupTokenFile: string | undefined;
  uploads: UploadLimits;
  https: boolean;
  /** False for a loopback host even when asked for. */
  advertise: boolean;
  /** The plain-HTTP port beside HTTPS; null when there is none (always null without https). */
  httpPort: number | null;
}
