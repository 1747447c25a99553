/**
 * Checks of the account forms before sending (as lib/form-checks.ts does for sign-up): the
 * server's limits and messages, never stricter; the server's answer is still shown.
 */
import { ACCOUNT_LIMITS } from '@common/account-limits';
import { LIMITS } from '@common/limits';
import { checkEmail, checkNewPassword, checkText, type FieldErrors } from './form-checks';

const only = <F extends string>(all: Record<F, string | null>): FieldErrors<F> => {
  const out: FieldErrors<F> = {};
  for (const [k, v] of Object.entries(all) as [F, string | null][]) if (v) out[k] = v;
  return out;
};

export type ProfileField = 'firstName' | 'lastName' | 'email' | 'bio';
export function checkProfile(f: Record<ProfileField, string>): FieldErrors<ProfileField> {
  return only({
    firstName: checkText('First name', f.firstName, LIMITS.name.max),
    lastName: checkText('Last name', f.lastName, LIMITS.name.max),
    email: checkEmail(f.email),
    bio:
      f.bio.trim().length > ACCOUNT_LIMITS.bio.max
        ? `Bio must be at most ${ACCOUNT_LIMITS.bio.max} characters`
        : null,
  });
}

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirm';
export function checkPasswordChange(f: Record<PasswordField, string>): FieldErrors<PasswordField> {
  return only({
    currentPassword: f.currentPassword === '' ? 'Current password is required' : null,
    newPassword: checkNewPassword(f.newPassword),
    confirm: checkConfirm(f.newPassword, f.confirm),
  });
}

export type ResetField = 'newPassword' | 'confirm';
export function checkReset(f: Record<ResetField, string>): FieldErrors<ResetField> {
  return only({
    newPassword: checkNewPassword(f.newPassword),
    confirm: checkConfirm(f.newPassword, f.confirm),
  });
}

function checkConfirm(password: string, confirm: string): string | null {
  if (confirm === '') return 'Type the new password again';
  return confirm === password ? null : 'The two passwords are not the same';
}
