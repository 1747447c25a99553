/**
 * Accounts and profiles over REST (docs/api.md, "Accounts and profiles"): profiles, one's
 * own profile and password, password-reset links.
 */
import type {
  ChangePasswordRequest,
  Profile,
  ResetLink,
  ResetLinkState,
  ResetPasswordRequest,
  UpdateProfileRequest,
} from '@common/accounts';
import type { Me } from '@common/api';
import { request } from './api';

export const accountsApi = {
  profile: (nickname: string, signal?: AbortSignal) =>
    request<Profile>('GET', `/users/by-nickname/${encodeURIComponent(nickname)}/profile`, {
      signal,
    }),
  updateMe: (body: UpdateProfileRequest) => request<Profile>('PATCH', '/auth/me', { body }),
  changePassword: (body: ChangePasswordRequest) =>
    request<void>('POST', '/auth/password', { body }),
  createResetLink: (userId: number) => request<ResetLink>('POST', `/users/${userId}/reset-link`),
  checkReset: (token: string) =>
    request<ResetLinkState>('GET', `/auth/reset/${encodeURIComponent(token)}`, {
      expect401: true,
    }),
  /** Sets the password and signs this browser in as the link's user. */
  reset: (body: ResetPasswordRequest) =>
    request<Me>('POST', '/auth/reset', { body, expect401: true }),
};
