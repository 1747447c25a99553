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

/** API answers are JSON, never rendered: they need no sources at all. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * On every answer, since any of them can end up a top-level document (a link straight to
 * /api/posts shows its JSON). Cross-Origin-Resource-Policy stops other sites from embedding
 * our answers (`<img>`, `<script>`), which would pull forum data into their own process
 * (Spectre-style reads).
 */
const COMMON: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

/**
 * Cross-Origin-Opener-Policy puts a forum page in a browsing context group of its own: a
 * window of another site that opened it (or that it opens) gets no handle on it. Browsers
 * apply it only on trustworthy origins (https, loopback) and log an error for it anywhere
 * else, so a plain-http LAN address does not get it.
 */
export function opensIsolated(hostHeader: string | undefined, secure: boolean): boolean {
  return secure || (hostHeader !== undefined && LOOPBACK_HOST.test(hostHeader));
}

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    const api = req.path === '/api' || req.path.startsWith('/api/');
    res.setHeader(
      'Content-Security-Policy',
      api ? API_CSP : contentSecurityPolicy(req.headers.host, req.secure),
    );
    for (const [name, value] of COMMON) res.setHeader(name, value);
    if (opensIsolated(req.headers.host, req.secure)) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    }
    next();
  };
}
