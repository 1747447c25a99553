/**
 * Every error code the server can return, over HTTP (`{ error: { code, message, field? } }`)
 * or over the socket (`error { code, message, ref? }`). The code is the contract; the
 * message is for people.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED', // a field is missing, malformed or out of range (field says which)
  'MALFORMED_JSON', // the body is not JSON
  'PAYLOAD_TOO_LARGE', // body over the limit
  'UNSUPPORTED_MEDIA_TYPE', // a body that is not application/json
  'UNAUTHENTICATED', // no valid session
  'INVALID_CREDENTIALS', // wrong login or password
  'FORBIDDEN', // authenticated but not allowed (e.g. bad Origin)
  'NOT_FOUND', // unknown route or resource
  'NICKNAME_TAKEN',
  'EMAIL_TAKEN',
  'UNKNOWN_CATEGORY',
  'SETUP_REQUIRED', // 409: the forum has no owner yet; set it up first (POST /api/forum/setup)
  'ALREADY_SET_UP', // 409: setup runs once
  'INVALID_SETUP_TOKEN', // 403: the setup token is missing or wrong
  'SIGNUP_CLOSED', // 403: sign-up is closed; an admin adds people
  'CATEGORY_NAME_TAKEN', // 409
  'CATEGORY_NOT_EMPTY', // 409: only an empty category can be deleted (archive it instead)
  'WRONG_PASSWORD', // 403: the current password given to change it is wrong (counts as a failed login)
  'RESET_LINK_INVALID', // 410: a password-reset link that is unknown, expired, used or replaced
  'POST_LOCKED', // 409: a moderator locked the post; no new comments
  'SUSPENDED', // 403: the account is suspended (login); the body adds suspendedUntil
  'RESTORE_EXPIRED', // 409: deleted more than 30 days ago, its text is purged
  'UNKNOWN_RECIPIENT',
  'CANNOT_MESSAGE_SELF',
  'NOT_MEMBER', // 403: (rooms) not a member of that conversation
  'TOO_MANY_MEMBERS', // 400: (rooms) a group conversation holds at most 50 people
  'ROOM_NAME_TAKEN', // 409: (rooms) another room has that name
  'RATE_LIMITED', // 429 with Retry-After, or a WS error
  'UNKNOWN_HOST', // 421: the Host header names a site this server does not answer to (DNS rebinding)
  'UNKNOWN_EVENT', // WS: a type the server does not handle
  'UNAVAILABLE', // 503 + Retry-After: not possible right now (shutting down, database locked); retry
  'INTERNAL', // a bug on our side; never carries details
  'UPLOAD_QUOTA_EXCEEDED', // 429 + Retry-After: the user's uploads of the last 24 hours reach the daily limit
  'UNKNOWN_UPLOAD', // 400: an attachment id that is not the sender's own, unattached upload
  'INVITE_INVALID', // 410: an invite link that is unknown, expired, used up or revoked
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field?: string;
    /** SUSPENDED only: the suspension's end (ISO-8601 UTC), null when indefinite. */
    suspendedUntil?: string | null;
  };
}

/** Narrow an unknown JSON body to the error envelope. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const err = (value as { error: unknown }).error;
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { message?: unknown }).message === 'string'
  );
}
