import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiErrorBody, ErrorCode } from '../../common/errors';
import { isDatabaseBusy } from '../../db/sqlite-errors';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
}

/** body-parser and the router throw http-errors; map the client mistakes to our codes. */
function fromHttpError(err: HttpishError): AppError | null {
  const status =
    typeof err.status === 'number'
      ? err.status
      : typeof err.statusCode === 'number'
        ? err.statusCode
        : 0;
  if (status < 400 || status >= 500) return null;
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than 64 KB.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as uncompressed UTF-8 JSON.');
  }
  const byStatus: Record<number, [ErrorCode, string]> = {
    404: ['NOT_FOUND', 'Not found.'],
    413: ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
    415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type.'],
  };
  const [code, message] = byStatus[status] ?? ['VALIDATION_FAILED', 'The request is malformed.'];
  return new AppError(code, message);
}

export function sendError(res: Parameters<RequestHandler>[1], err: AppError): void {
  const body: ApiErrorBody = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.field ? { field: err.field } : {}),
      ...(err.suspendedUntil !== undefined ? { suspendedUntil: err.suspendedUntil } : {}),
    },
  };
  if (err.retryAfterSec !== undefined) res.setHeader('Retry-After', String(err.retryAfterSec));
  res.status(err.status).json(body);
}

const DATABASE_BUSY = (): AppError =>
  new AppError(
    'UNAVAILABLE',
    'The forum cannot save changes right now: its database is locked by another program. Try again in a moment.',
    { retryAfterSec: 1 },
  );

/** Registered last. Never sends a stack trace; a 5xx is logged with its stack for us. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known =
      err instanceof AppError
        ? err
        : typeof err === 'object' && err !== null
          ? fromHttpError(err)
          : null;
    if (known) {
      sendError(res, known);
      return;
    }
    if (isDatabaseBusy(err)) {
      // Another program (an admin's sqlite3) holds the write lock: nothing was written, and
      // waiting for it here would stall every other request (docs/operations.md).
      log.warn('database locked by another connection: write refused', {
        method: req.method,
        path: req.path,
      });
      sendError(res, DATABASE_BUSY());
      return;
    }
    log.error('request failed', { method: req.method, path: req.path, err });
    sendError(res, new AppError('INTERNAL', 'Something went wrong on the server.'));
  };
}

/** Unknown routes: JSON for the API, and for anything the UI handler did not take. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(
    new AppError(
      'NOT_FOUND',
      `No route for ${req.method} ${(req.originalUrl.split('?')[0] ?? '').slice(0, 200)}.`,
    ),
  );
};
