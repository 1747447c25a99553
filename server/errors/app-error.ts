import type { ErrorCode } from '../../common/errors';

/** The HTTP status each error code always maps to. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NICKNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  UNKNOWN_CATEGORY: 400,
  SETUP_REQUIRED: 409,
  ALREADY_SET_UP: 409,
  INVALID_SETUP_TOKEN: 403,
  SIGNUP_CLOSED: 403,
  CATEGORY_NAME_TAKEN: 409,
  CATEGORY_NOT_EMPTY: 409,
  WRONG_PASSWORD: 403,
  RESET_LINK_INVALID: 410,
  INVITE_INVALID: 410,
  POST_LOCKED: 409,
  SUSPENDED: 403,
  RESTORE_EXPIRED: 409,
  UNKNOWN_RECIPIENT: 404,
  CANNOT_MESSAGE_SELF: 400,
  NOT_MEMBER: 403,
  TOO_MANY_MEMBERS: 400,
  ROOM_NAME_TAKEN: 409,
  RATE_LIMITED: 429,
  UNKNOWN_HOST: 421,
  UNKNOWN_EVENT: 400,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  UPLOAD_QUOTA_EXCEEDED: 429,
  UNKNOWN_UPLOAD: 400,
};

export interface AppErrorOptions {
  /** The request field at fault (top-level name, e.g. `nickname`). */
  field?: string;
  /** For RATE_LIMITED and UNAVAILABLE: seconds until a retry can succeed (sent as Retry-After). */
  retryAfterSec?: number;
  /** For SUSPENDED: the suspension's end (ISO-8601), null when indefinite; sent in the body. */
  suspendedUntil?: string | null;
}

/**
 * The one error type services and handlers throw for expected failures. The code is the
 * contract (common/errors.ts); the message is for people and is sent as is.
 */
export class AppError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly retryAfterSec: number | undefined;
  readonly suspendedUntil: string | null | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS_BY_CODE[code];
    this.field = options.field;
    this.retryAfterSec = options.retryAfterSec;
    this.suspendedUntil = options.suspendedUntil;
  }
}
