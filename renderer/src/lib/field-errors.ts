/**
 * Which form field a server error belongs to. The server names the field for validation errors;
 * a few codes imply one. Anything else is a form-level message.
 */
import type { ClientErrorCode } from './api';

const FIELD_OF_CODE: Partial<Record<ClientErrorCode, string>> = {
  NICKNAME_TAKEN: 'nickname',
  EMAIL_TAKEN: 'email',
  UNKNOWN_CATEGORY: 'categoryIds',
};

export function errorField(
  e: { code: ClientErrorCode; field?: string },
  fields: readonly string[],
): string | null {
  const field = e.field ?? FIELD_OF_CODE[e.code];
  if (!field) return null;
  // Nested paths like "categoryIds.0" belong to their top-level field.
  const top = field.split(/[.[]/)[0] ?? field;
  return fields.includes(top) ? top : null;
}
