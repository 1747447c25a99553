import type { RequestHandler } from 'express';
import type { OriginPolicy } from '../config/allowed-hosts';
import { AppError } from '../errors/app-error';

/**
 * Whether a request comes from this server's own pages (or an allowed origin). Requests
 * without an Origin header (curl, scripts) are not cross-site and pass. The `Host` itself has
 * already been checked by then (`host-check.ts` for REST, first thing in the WebSocket
 * upgrade), so a DNS-rebound page, whose Origin matches its Host, never gets here. The live
 * layer uses the same check for the WebSocket handshake.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  hostHeader: string | undefined,
  secure: boolean,
  policy: OriginPolicy,
): boolean {
  if (origin === undefined) return true;
  if (policy.origins.includes(origin)) return true;
  if (!hostHeader) return false;
  const own = origin.toLowerCase();
  const host = hostHeader.toLowerCase();
  if (own === `${secure ? 'https' : 'http'}://${host}`) return true;
  // A name the admin configured is typically a reverse proxy that ends TLS: its pages are
  // https while the request reaches us over plain http, with the Host passed through.
  return policy.hosts.isConfigured(hostHeader) && own === `https://${host}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses state-changing requests sent by other sites (defence in depth with SameSite). */
export function sameOriginWrites(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (
      SAFE_METHODS.has(req.method) ||
      isAllowedOrigin(req.headers.origin, req.headers.host, req.secure, policy)
    ) {
      next();
      return;
    }
    next(new AppError('FORBIDDEN', 'Cross-site requests are not allowed.'));
  };
}
