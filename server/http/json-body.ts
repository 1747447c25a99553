import express, { type RequestHandler } from 'express';
import { LIMITS } from '../../common/limits';
import { AppError } from '../errors/app-error';

const parseJson = express.json({
  limit: LIMITS.jsonBodyBytes,
  strict: true,
  type: 'application/json',
  // Compressed bodies would let a small request expand past the limit before we see it.
  inflate: false,
});

function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
  );
}

/**
 * For routes that take a JSON body: 415 for another content type, 413 over 64 KB, 400 for
 * malformed JSON (mapped in the error handler). An empty body parses as `undefined`, which
 * the route's schema then rejects with a clear message.
 */
export function jsonBody(): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) {
      req.body = undefined;
      next();
      return;
    }
    if (!req.is('application/json')) {
      next(
        new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the body as JSON (Content-Type: application/json).',
        ),
      );
      return;
    }
    parseJson(req, res, next);
  };
}
