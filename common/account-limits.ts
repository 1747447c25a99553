/**
 * Accounts and profiles: the limits and texts both sides use, without zod (the renderer
 * imports this at runtime; common/accounts.ts holds the schemas).
 */
export const ACCOUNT_LIMITS = {
  /** A short plain-text bio (UTF-16 code units, as every other text limit). */
  bio: { max: 280 },
  /** How many of a person's newest posts their profile lists. */
  recentPosts: 5,
  /** How long a password-reset link works. */
  resetLinkTtlMs: 24 * 60 * 60 * 1000,
} as const;

/** Why a reset link no longer works. */
export const RESET_LINK_ENDS = [
  'unknown',
  'expired',
  'used',
  'replaced',
  'password_changed',
] as const;
export type ResetLinkEnd = (typeof RESET_LINK_ENDS)[number];

/** What the reset page and the API say about a link that no longer works. */
export const RESET_LINK_END_TEXT: Record<ResetLinkEnd, string> = {
  unknown: 'This password-reset link is not valid. Check that it was copied whole.',
  expired: 'This password-reset link has expired (links work for 24 hours).',
  used: 'This password-reset link has already been used (each link works once).',
  replaced: 'A newer password-reset link was made for this account; only the newest one works.',
  password_changed:
    'The password was changed after this link was made, so the link no longer works.',
};
