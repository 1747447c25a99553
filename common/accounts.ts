/**
 * Accounts and profiles (issue 10): profile pages, editing one's own profile, changing the
 * password, and one-time password-reset links. Request schemas (parsed at the server's edge)
 * and response shapes; docs/api.md documents the routes.
 */
import { z } from 'zod';
import { passwordSchema, signupSchema, userTextFault, type PostSummary, type Role } from './api';
import { LIMITS } from './limits';
import { ACCOUNT_LIMITS, type ResetLinkEnd } from './account-limits';

export * from './account-limits';

/** The profile fields everyone may see, as `user.updated` carries them after an edit. */
export interface ProfileFields {
  firstName: string;
  lastName: string;
  bio: string;
}

/**
 * `GET /api/users/:id/profile` (and `/api/users/by-nickname/:nickname/profile`). `email` is
 * there only for the user themself and for the owner and admins.
 */
export interface Profile extends ProfileFields {
  id: number;
  nickname: string;
  role: Role;
  /** When the account was made (ISO-8601 UTC). */
  joinedAt: string;
  postCount: number;
  commentCount: number;
  /** The newest ACCOUNT_LIMITS.recentPosts posts, newest first, bodies capped as in the feed. */
  recentPosts: PostSummary[];
  /** Connected now (a socket open). */
  online: boolean;
  email?: string;
}

const bio = z
  .string({ error: 'Bio must be text' })
  .trim()
  .max(ACCOUNT_LIMITS.bio.max, {
    error: `Bio must be at most ${ACCOUNT_LIMITS.bio.max} characters`,
  })
  .refine((s) => s === '' || userTextFault(s) !== 'malformed', {
    error: 'Bio contains invalid characters',
  })
  .refine((s) => s === '' || userTextFault(s) !== 'control', {
    error:
      'Bio contains invisible control characters (they may show as ▯). Delete them and try again.',
  })
  // White space only is no bio at all.
  .transform((s) => (userTextFault(s) === 'invisible' ? '' : s));

/** `PATCH /api/auth/me`: any of these, at least one; names and e-mail as sign-up checks them. */
export const updateProfileSchema = z
  .strictObject({
    firstName: signupSchema.shape.firstName.optional(),
    lastName: signupSchema.shape.lastName.optional(),
    email: signupSchema.shape.email.optional(),
    bio: bio.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { error: 'Change at least one field' });
export type UpdateProfileRequest = z.infer<typeof updateProfileSchema>;

/** `POST /api/auth/password`: the current password, and a new one as strong as sign-up asks. */
export const changePasswordSchema = z.strictObject({
  currentPassword: z
    .string({ error: 'Current password is required' })
    .min(1, { error: 'Current password is required' })
    .max(LIMITS.passwordBytes.max * 4, { error: 'Current password is too long' }),
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordSchema>;

/** A reset token as it appears in a link: base64url, 43 characters for 256 bits. */
export const resetTokenSchema = z
  .string({ error: 'The reset token is required' })
  .regex(/^[A-Za-z0-9_-]{16,128}$/, { error: 'This is not a password-reset link' });

/** `POST /api/auth/reset`: the link's token and the new password. */
export const resetPasswordSchema = z.strictObject({
  token: resetTokenSchema,
  newPassword: passwordSchema,
});
export type ResetPasswordRequest = z.infer<typeof resetPasswordSchema>;

/** `POST /api/users/:id/reset-link` (owner, admins): the link to pass on, shown once. */
export interface ResetLink {
  url: string;
  /** The part after the forum's address, for a UI that knows a better address to show. */
  path: string;
  expiresAt: string;
}

/** `GET /api/auth/reset/:token`: whether the link works, and for whom. */
export type ResetLinkState =
  { valid: true; nickname: string; expiresAt: string } | { valid: false; reason: ResetLinkEnd };
