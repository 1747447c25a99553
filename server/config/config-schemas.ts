import { z } from 'zod';
import { LOG_LEVELS, type LogSink } from '../logging/logger';
import { httpTimeoutsSchema } from './http-timeouts';
import { liveTuningSchema } from './live-tuning';
import { loginBackoffSchema, rateLimitOptionSchema } from './rate-limit-config';
import { uploadEnvSchema, uploadLimitsSchema } from './upload-limits';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** `createForumServer`'s options, parsed from unknown (the desktop app passes them over IPC). */
export const optionsSchema = z.strictObject({
  dataDir: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  forumName: z.string().trim().min(1).max(80).optional(),
  rateLimit: rateLimitOptionSchema.optional(),
  loginBackoff: loginBackoffSchema.optional(),
  staticDir: z.string().min(1).nullable().optional(),
  sessionTtlMs: z.number().int().min(1000).optional(),
  bcryptCost: z.number().int().min(4).max(31).optional(),
  hashWorkers: z.number().int().min(1).max(64).optional(),
  hashQueueMax: z.number().int().min(0).max(100_000).optional(),
  logLevel: z.enum(LOG_LEVELS).optional(),
  logSink: z.custom<LogSink>((v) => typeof v === 'function').optional(),
  allowedOrigins: z.array(z.url()).optional(),
  allowedHosts: z.array(z.string()).optional(),
  trustProxy: z.array(z.string()).optional(),
  sqliteNativeBinding: z.string().min(1).optional(),
  clock: z.custom<() => number>((v) => typeof v === 'function').optional(),
  live: liveTuningSchema.optional(),
  http: httpTimeoutsSchema.optional(),
  setup: z.enum(['token', 'first-signup']).optional(),
  setupTokenFile: z.string().min(1).optional(),
  /** Pictures and files: largest file and bytes per user per 24 hours (issue 12). */
  uploads: uploadLimitsSchema.optional(),
  https: z.boolean().optional(),
  advertise: z.boolean().optional(),
  httpPort: z.number().int().min(0).max(65535).nullable().optional(),
  /** Search threads (issue 12); 0 searches on the event loop. */
  searchThreads: z.number().int().min(0).max(64).optional(),
});

/** A whole number from 0 to `max` given as digits (an environment variable), or absent. */
const envInteger = (max: number, message: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: message })
    .transform(Number)
    .pipe(z.number().max(max, { error: message }))
    .optional();

/** Environment variables, each with the message shown when it is malformed. */
export const envSchema = z.object({
  HEARTH_DATA_DIR: z.string().min(1).optional(),
  HEARTH_HOST: z.string().min(1).optional(),
  HEARTH_PORT: envInteger(65535, 'must be a port number from 0 to 65535'),
  HEARTH_FORUM_NAME: z.string().trim().min(1).max(80).optional(),
  HEARTH_RATE_LIMIT: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional(),
  HEARTH_LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .optional(),
  HEARTH_SQLITE_BINDING: z.string().min(1).optional(),
  HEARTH_ALLOWED_HOSTS: z.string().optional(),
  HEARTH_TRUST_PROXY: z.string().optional(),
  HEARTH_SETUP: z
    .enum(['token', 'first-signup'], { error: 'must be "token" or "first-signup"' })
    .optional(),
  HEARTH_UPLOAD_MAX_MB: uploadEnvSchema,
  HEARTH_UPLOAD_DAILY_MB: uploadEnvSchema,
  HEARTH_HTTPS: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional(),
  HEARTH_HTTP_PORT: envInteger(65535, 'must be a port number from 0 to 65535'),
  HEARTH_SEARCH_THREADS: envInteger(64, 'must be a number of threads from 0 to 64'),
});

/** The first issue of a failed parse, as one sentence naming the field. */
export function describeIssue(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'value';
  return `${prefix} ${where}: ${issue?.message ?? 'invalid'}`;
}
