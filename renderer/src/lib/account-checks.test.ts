import { describe, expect, it } from 'vitest';
import { changePasswordSchema, updateProfileSchema } from '@common/accounts';
import { checkPasswordChange, checkProfile, checkReset } from './account-checks';

const profile = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', bio: '' };

describe('account form checks', () => {
  it('accept what the server accepts', () => {
    expect(checkProfile(profile)).toEqual({});
    expect(updateProfileSchema.safeParse(profile).success).toBe(true);
    const pw = { currentPassword: 'x', newPassword: 'long enough', confirm: 'long enough' };
    expect(checkPasswordChange(pw)).toEqual({});
    expect(
      changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'long enough' }).success,
    ).toBe(true);
  });

  it('say what the server would say, every field at once', () => {
    const bad = { firstName: ' ', lastName: 'x'.repeat(65), email: 'nope', bio: 'b'.repeat(281) };
    const found = checkProfile(bad);
    for (const [field, message] of Object.entries(found)) {
      const server = updateProfileSchema.safeParse({ [field]: bad[field as keyof typeof bad] });
      expect(server.success).toBe(false);
      expect(server.error?.issues[0]?.message).toBe(message);
    }
    expect(Object.keys(found)).toEqual(['firstName', 'lastName', 'email', 'bio']);
  });

  it('ask for the new password twice, the same', () => {
    expect(checkReset({ newPassword: 'long enough', confirm: 'long enuogh' })).toEqual({
      confirm: 'The two passwords are not the same',
    });
    expect(checkReset({ newPassword: 'short', confirm: '' })).toEqual({
      newPassword: 'Password must be at least 8 characters',
      confirm: 'Type the new password again',
    });
    expect(
      checkPasswordChange({
        currentPassword: '',
        newPassword: 'long enough',
        confirm: 'long enough',
      }),
    ).toEqual({
      currentPassword: 'Current password is required',
    });
  });
});
