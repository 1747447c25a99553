import type { RequestHandler } from 'express';
import { hostNameOf, type HostAllowlist } from '../config/allowed-hosts';
import { AppError } from '../errors/app-error';

/** What a person (or the admin) reads when a name is refused: why, and how to allow it. */
export function unknownHostMessage(hostHeader: string): string {
  const name = hostNameOf(hostHeader);
  if (name === null) return 'The Host header is not a valid host name.';
  return (
    `This forum does not answer to the name "${name}" (a protection against DNS rebinding). ` +
    `If that name is meant to reach it (a DNS name or a reverse proxy), the forum's host can ` +
    `allow it: npm run host -- --allowed-host ${name} (or HEARTH_ALLOWED_HOSTS=${name}). ` +
    `Otherwise use the forum's IP address.`
  );
}

/**
 * First in the chain: a request whose `Host` is not a name of this server gets
 * 421 UNKNOWN_HOST before anything reads its cookie or body (config/allowed-hosts.ts says
 * which names are allowed and why). The WebSocket upgrade makes the same check first (live/admission.ts).
 */
export function hostCheck(hosts: HostAllowlist): RequestHandler {
  return (req, res, next) => {
    const host = req.headers.host;
    if (hosts.allows(host)) {
      next();
      return;
    }
    const message = unknownHostMessage(host ?? '');
    // Someone who typed the name into a browser reads a page, not a JSON error.
    if (
      !req.path.startsWith('/api') &&
      req.method === 'GET' &&
      req.accepts(['json', 'html']) === 'html'
    ) {
      res
        .status(421)
        .type('html')
        .setHeader('Cache-Control', 'no-store')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Hearth</title>\n<p>${escapeHtml(message)}</p>\n`,
        );
      return;
    }
    next(new AppError('UNKNOWN_HOST', message));
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
