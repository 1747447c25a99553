import { resolveUploadLimits } from './upload-limits';
import { availableParallelism, homedir } from 'node:os';
import { resolve } from 'node:path';
import { HostAllowlist, normalizeAllowedHost, splitHostList } from './allowed-hosts';
import { ConfigError, describeIssue, envSchema, optionsSchema, type Env } from './config-schemas';
import { databasePath, defaultForumDataDir } from './data-dir';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http-timeouts';
import { DEFAULT_LIVE_TUNING } from './live-tuning';
import { DEFAULT_LOGIN_BACKOFF, mergeRateLimits, stripUndefined } from './rate-limit-config';
import { DEFAULTS, type ForumServerOptions, type ServerConfig } from './server-options';
import { findStaticDir } from './static-dir';
import { invalidProxyEntry, TrustedProxies } from '../security/trusted-proxies';

// The config's parts live in files of their own; this module stays the one way in.
export { ConfigError, type Env } from './config-schemas';
export { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http-timeouts';
export { DEFAULT_LIVE_TUNING, type LiveTuning } from './live-tuning';
export {
  DEFAULT_LOGIN_BACKOFF,
  DEFAULT_RATE_LIMITS,
  type BucketConfig,
  type LoginBackoffConfig,
  type RateLimitConfig,
  type RateLimitOverrides,
} from './rate-limit-config';
export { DEFAULTS, type ForumServerOptions, type ServerConfig } from './server-options';

/** "Only this computer": a host nobody else can reach never announces itself. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
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

/** The proxies to trust, or a ConfigError naming the bad entry and where it came from. */
function resolveTrustProxy(entries: readonly string[], source: string): TrustedProxies {
  const list = entries.map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of list) {
    const problem = invalidProxyEntry(entry);
    if (problem) throw new ConfigError(`Invalid ${source}: ${problem}.`);
  }
  return new TrustedProxies([...new Set(list)]);
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
    loginBackoff: rateLimitOff
      ? false
      : { ...DEFAULT_LOGIN_BACKOFF, ...stripUndefined(o.loginBackoff ?? {}) },
    staticDir: o.staticDir === undefined ? findStaticDir() : o.staticDir,
    sessionTtlMs,
    sessionRenewAfterMs: Math.min(60 * 60 * 1000, Math.floor(sessionTtlMs / 4)),
    bcryptCost: o.bcryptCost ?? DEFAULTS.bcryptCost,
    hashWorkers: o.hashWorkers ?? defaultHashWorkers(),
    hashQueueMax: o.hashQueueMax ?? DEFAULTS.hashQueueMax,
    searchThreads: o.searchThreads ?? e.HEARTH_SEARCH_THREADS ?? defaultSearchThreads(),
    logLevel: o.logLevel ?? e.HEARTH_LOG_LEVEL ?? DEFAULTS.logLevel,
    logSink: o.logSink,
    allowedOrigins: {
      origins: (o.allowedOrigins ?? []).map((u) => new URL(u).origin),
      hosts: new HostAllowlist(allowedHosts, host),
    },
    allowedHosts,
    trustProxy:
      o.trustProxy !== undefined
        ? resolveTrustProxy(o.trustProxy, 'server option trustProxy')
        : resolveTrustProxy(
            (e.HEARTH_TRUST_PROXY ?? '').split(','),
            'environment variable HEARTH_TRUST_PROXY',
          ),
    sqliteNativeBinding: o.sqliteNativeBinding ?? e.HEARTH_SQLITE_BINDING,
    clock: o.clock ?? Date.now,
    live: { ...DEFAULT_LIVE_TUNING, ...stripUndefined(o.live ?? {}) },
    http: resolveHttpTimeouts(o.http ?? {}),
    setup: o.setup ?? e.HEARTH_SETUP ?? 'token',
    setupTokenFile: o.setupTokenFile === undefined ? undefined : resolve(o.setupTokenFile),
    uploads: resolveUploadLimits(o.uploads, e),
    https: o.https ?? e.HEARTH_HTTPS === 'on',
    advertise: (o.advertise ?? false) && !isLoopbackHost(host),
    httpPort: resolveHttpPort(
      o.https ?? e.HEARTH_HTTPS === 'on',
      o.httpPort !== undefined ? o.httpPort : (e.HEARTH_HTTP_PORT ?? null),
      o.port ?? e.HEARTH_PORT ?? defaults.port ?? DEFAULTS.port,
    ),
  };
}

/** The plain-HTTP port beside HTTPS: only with https, and never the HTTPS port itself. */
function resolveHttpPort(https: boolean, port: number | null, main: number): number | null {
  if (port === null) return null;
  if (!https) {
    throw new ConfigError(
      'A plain-HTTP port (httpPort, HEARTH_HTTP_PORT or --http-port) only goes with HTTPS: without it the forum is plain HTTP already.',
    );
  }
  if (port !== 0 && port === main) {
    throw new ConfigError(
      `The plain-HTTP port must differ from the HTTPS port (both are ${port}).`,
    );
  }
  return port;
}

function resolveHttpTimeouts(given: Partial<HttpTimeouts>): HttpTimeouts {
  const t = { ...DEFAULT_HTTP_TIMEOUTS, ...stripUndefined(given) };
  // Node refuses a head timeout longer than the whole request's.
  if (t.headersTimeoutMs > t.requestTimeoutMs) {
    throw new ConfigError(
      `Invalid server option http: headersTimeoutMs (${t.headersTimeoutMs}) must not exceed requestTimeoutMs (${t.requestTimeoutMs}).`,
    );
  }
  return t;
}

/**
 * Search on every core: the event loop only parses the request and sends the answer, so
 * it needs no core of its own while searches run.
 */
function defaultSearchThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Leave one core to the event loop: hashing must never starve request handling. */
function defaultHashWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
