import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error';

/**
 * Whether a browser request comes from this server's own pages (or an allowed origin).
 * Requests without an Origin header (curl, scripts) are not cross-site and pass. The live
 * layer uses the same check for the WebSocket handshake.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  hostHeader: string | undefined,
  secure: boolean,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  if (!hostHeader) return false;
  return origin.toLowerCase() === `${secure ? 'https' : 'http'}://${hostHeader.toLowerCase()}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses state-changing requests sent by other sites (defence in depth with SameSite). */
export function sameOriginWrites(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (
      SAFE_METHODS.has(req.method) ||
      isAllowedOrigin(req.headers.origin, req.headers.host, req.secure, allowedOrigins)
    ) {
      next();
      return;
    }
    next(new AppError('FORBIDDEN', 'Cross-site requests are not allowed.'));
  };
}
