/**
 * Moderation's limits: the optional reason of a delete, pin, lock or suspension, and the
 * longest timed suspension. Zod-free, so the UI can use them without pulling the schemas
 * into its bundle; common/api.ts builds its schemas on them and re-exports them.
 */
export const MODERATION_LIMITS = {
  reason: { max: 500 },
  /** The longest timed suspension; longer is "indefinitely". */
  suspensionDays: { max: 3650 },
} as const;
