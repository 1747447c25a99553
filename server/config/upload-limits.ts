import { z } from 'zod';
import { FILE_LIMITS } from '../../common/files';

/** The host's limits on uploads (services/files.service.ts enforces them). */
export interface UploadLimits {
  /** Largest file, in bytes (host setting; default 25 MB). */
  maxFileBytes: number;
  /** What one user may upload in any 24 hours, in bytes (host setting). */
  maxBytesPerDay: number;
}

const MB = 1024 * 1024;

/** `createForumServer({ uploads })`: bytes; both host settings. */
export const uploadLimitsSchema = z
  .strictObject({
    maxFileBytes: z
      .number()
      .int()
      .min(1)
      .max(4 * 1024 * MB),
    maxBytesPerDay: z.number().int().min(0),
  })
  .partial();

/** HEARTH_UPLOAD_MAX_MB and HEARTH_UPLOAD_DAILY_MB: whole megabytes. */
export const uploadEnvSchema = z
  .string()
  .regex(/^\d+$/, { error: 'must be a whole number of megabytes' })
  .transform((v) => Number(v) * MB)
  .optional();

export function resolveUploadLimits(
  given: z.infer<typeof uploadLimitsSchema> | undefined,
  env: { HEARTH_UPLOAD_MAX_MB?: number | undefined; HEARTH_UPLOAD_DAILY_MB?: number | undefined },
): UploadLimits {
  return {
    maxFileBytes:
      given?.maxFileBytes ?? env.HEARTH_UPLOAD_MAX_MB ?? FILE_LIMITS.defaultMaxFileBytes,
    maxBytesPerDay:
      given?.maxBytesPerDay ?? env.HEARTH_UPLOAD_DAILY_MB ?? FILE_LIMITS.defaultMaxBytesPerDay,
  };
}
