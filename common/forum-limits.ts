/**
 * Limits of the forum's own settings and categories (issue 10). Zod-free, so the UI can use
 * them without pulling the schemas into its bundle; common/api.ts builds its schemas on them.
 */
export const FORUM_LIMITS = {
  name: { max: 80 },
  description: { max: 500 },
  categoryName: { max: 40 },
  categories: { max: 100 },
} as const;
