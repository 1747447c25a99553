import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '../../common/errors';
import { isDatabaseBusy } from '../../db/sqlite-errors';
import type { AuthResult, SessionService } from '../auth/sessions.service';
import type { OriginPolicy } from '../config/allowed-hosts';
import { clientRateKey, isSecureRequest } from '../http/client-ip';
import { unknownHostMessage } from '../http/host-check';
import { isAllowedOrigin } from '../http/same-origin';
import type { Logger } from '../logging/logger';
import type { FloodGuard } from './flood-guard';
import { isLivePath } from './handshake';

export const DATABASE_LOCKED =
  'The forum’s database is locked by another program. Try again in a moment.';

/** Whether a WebSocket handshake may upgrade, and if not, the HTTP answer it gets. */
export type Admission =
  | { ok: true; auth: AuthResult; secure: boolean }
  | { ok: false; status: number; code: ErrorCode; message: string; retryAfterSec?: number };

export interface AdmissionDeps {
  origins: OriginPolicy;
  sessions: Pick<SessionService, 'authenticateCookieHeader' | 'authenticateMany'>;
  guard: Pick<FloodGuard, 'admitAddress' | 'admitUser'>;
  maxSocketsPerUser: number;
  log: Logger;
  /** The live layer is shutting down. */
  closing(): boolean;
  /** Sockets of this user not yet closed (closing ones count). */
  openSockets(userId: number): number;
}

const refuse = (
  status: number,
  code: ErrorCode,
  message: string,
  retryAfterSec?: number,
): Admission =>
  retryAfterSec === undefined
    ? { ok: false, status, code, message }
    : { ok: false, status, code, message, retryAfterSec };

/** What the checks before the session say: refused, or go on (over TLS or not). */
export type Precheck = Extract<Admission, { ok: false }> | { ok: true; secure: boolean };

/**
 * The checks of a handshake that need no database, cheapest first: path, shutdown, Host
 * (DNS rebinding), Origin (cross-site hijacking), the address's handshake bucket (a flood
 * costs a map lookup, not a session query). `admitSession` does the rest.
 */
export function precheckHandshake(req: IncomingMessage, deps: AdmissionDeps): Precheck {
  const { headers } = req;
  if (!isLivePath(req.url)) {
    return refuse(404, 'NOT_FOUND', 'No WebSocket endpoint here: use /ws.');
  }
  if (deps.closing()) {
    return refuse(503, 'UNAVAILABLE', 'The forum is shutting down. Try again shortly.', 1);
  }
  if (!deps.origins.hosts.allows(headers.host)) {
    return refuse(421, 'UNKNOWN_HOST', unknownHostMessage(headers.host ?? ''));
  }
  // Behind a trusted TLS proxy (X-Forwarded-Proto https) as well as direct TLS.
  const secure = isSecureRequest(req);
  if (!isAllowedOrigin(headers.origin, headers.host, secure, deps.origins)) {
    return refuse(403, 'FORBIDDEN', 'Cross-site WebSocket connections are not allowed.');
  }
  const busyAddress = deps.guard.admitAddress(clientRateKey(req));
  if (busyAddress) {
    return refuse(429, 'RATE_LIMITED', busyAddress.message, busyAddress.retryAfterSec);
  }
  return { ok: true, secure };
}

/**
 * The rest of a handshake, once its session is known (`authenticateCookieHeader`, or
 * `authenticateMany` for a batch, `handshake-batch.ts`): signed in, the per-user socket cap,
 * then the user's bucket (FloodGuard). `session` is the lookup's result, or what it threw.
 */
export function admitSession(
  session: { auth: AuthResult | null } | { failed: unknown },
  secure: boolean,
  deps: AdmissionDeps,
): Admission {
  if ('failed' in session) {
    const err = session.failed;
    if (isDatabaseBusy(err)) return refuse(503, 'UNAVAILABLE', DATABASE_LOCKED, 1);
    deps.log.error('session check failed during the handshake', { err });
    return refuse(500, 'INTERNAL', 'Something went wrong on the server.');
  }
  const { auth } = session;
  if (!auth) return refuse(401, 'UNAUTHENTICATED', 'Sign in to continue.');
  if (deps.openSockets(auth.user.id) >= deps.maxSocketsPerUser) {
    return refuse(429, 'RATE_LIMITED', 'Too many open connections for this account.');
  }
  const busyUser = deps.guard.admitUser(auth.user.id);
  if (busyUser) return refuse(429, 'RATE_LIMITED', busyUser.message, busyUser.retryAfterSec);
  return { ok: true, auth, secure };
}

/**
 * Decides a handshake from its request alone; it writes nothing (the caller answers the
 * refusal on the raw socket, or upgrades): `precheckHandshake`, the session (the same
 * check as REST), then `admitSession`.
 */
export function admitHandshake(req: IncomingMessage, deps: AdmissionDeps): Admission {
  const pre = precheckHandshake(req, deps);
  if (!pre.ok) return pre;
  let session: { auth: AuthResult | null } | { failed: unknown };
  try {
    session = { auth: deps.sessions.authenticateCookieHeader(req.headers.cookie) };
  } catch (err) {
    session = { failed: err };
  }
  return admitSession(session, pre.secure, deps);
}
