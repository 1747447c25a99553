import { describe, expect, it } from 'vitest';
import { errorField } from './field-errors';

const fields = ['nickname', 'email', 'password', 'categoryIds'] as const;

describe('errorField', () => {
  it('uses the field the server names', () => {
    expect(errorField({ code: 'VALIDATION_FAILED', field: 'password' }, fields)).toBe('password');
  });
  it('maps codes that imply a field', () => {
    expect(errorField({ code: 'NICKNAME_TAKEN' }, fields)).toBe('nickname');
    expect(errorField({ code: 'EMAIL_TAKEN' }, fields)).toBe('email');
  });
  it('reduces nested paths to the top-level field', () => {
    expect(errorField({ code: 'VALIDATION_FAILED', field: 'categoryIds.2' }, fields)).toBe(
      'categoryIds',
    );
  });
  it('returns null for form-level errors and unknown fields', () => {
    expect(errorField({ code: 'INVALID_CREDENTIALS' }, fields)).toBeNull();
    expect(errorField({ code: 'VALIDATION_FAILED', field: 'zzz' }, fields)).toBeNull();
    expect(errorField({ code: 'NETWORK' }, fields)).toBeNull();
  });
});
