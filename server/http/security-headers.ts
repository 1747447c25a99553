import type { RequestHandler } from 'express';

// A Host header we are willing to echo into the CSP (browsers only send valid ones).
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The UI's CSP: its own scripts only (the Svelte build injects none inline), inline style
 * attributes allowed (Svelte writes `style="…"` from templates), and socket connections back
 * to this exact host. Fit for plain HTTP on a LAN: no HSTS, no upgrade-insecure-requests.
 */
export function contentSecurityPolicy(hostHeader: string | undefined, secure: boolean): string {
  const socket =
    hostHeader && SAFE_HOST.test(hostHeader)
      ? `${secure ? 'wss' : 'ws'}://${hostHeader}`
      : secure
        ? 'wss:'
        : 'ws:';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${socket}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host, req.secure));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    next();
  };
}
