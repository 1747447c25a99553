/**
 * The forum server library. `createForumServer` is the one entry point, used by the
 * headless host (server/entry/host.ts), the desktop app (server/entry/utility.ts) and tests.
 * Importing this module has no side effects.
 */
export { createForumServer, type ForumServer } from './forum-server';
export {
  resolveServerConfig,
  ConfigError,
  DEFAULT_RATE_LIMITS,
  type ForumServerOptions,
  type ServerConfig,
  type RateLimitConfig,
  type RateLimitOverrides,
  type BucketConfig,
} from './config/server-config';
export {
  appDataDir,
  defaultUserDataDir,
  defaultForumDataDir,
  forumDataDirIn,
  databasePath,
  type PlatformInfo,
} from './config/data-dir';
export type { ServerContext } from './context';
export type { Committed, SessionEnd, SessionEndReason } from './events/outbox';
export type { AuthContext, AuthResult } from './auth/sessions.service';
export { isAllowedOrigin } from './http/same-origin';
export { TokenBucketLimiter, type RateLimiter, type RateDecision } from './security/rate-limiter';
export { createLogger, type Logger, type LogLevel, type LogSink } from './logging/logger';
