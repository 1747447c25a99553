import type { RequestHandler } from 'express';
import type { ServerContext } from '../context';
import { AppError } from '../errors/app-error';
import { LoginBackoff } from '../security/login-backoff';
import { clientAddress } from './client-ip';
import { getAuth } from './require-session';

/** One backoff per server, shared by login and the password change's check. */
const backoffs = new WeakMap<ServerContext, LoginBackoff>();
function backoffOf(ctx: ServerContext): LoginBackoff | null {
  const config = ctx.config.loginBackoff;
  if (config === false) return null;
  let backoff = backoffs.get(ctx);
  if (!backoff) {
    backoff = new LoginBackoff(config, ctx.config.clock);
    backoffs.set(ctx, backoff);
  }
  return backoff;
}

/**
 * The login backoff (security/login-backoff.ts) as route middleware, after the JSON body and
 * before the handler. Counted by the login text (case folded), whether it names an account or
 * not, so the answer (429 or not) tells nothing about accounts. The account it names is looked
 * up only to let its known addresses and live sessions through. A body without a usable
 * `login` passes untouched, for the handler to refuse.
 */
export function loginBackoff(ctx: ServerContext): RequestHandler {
  const backoff = backoffOf(ctx);
  if (backoff === null) return (_req, _res, next) => next();
  return (req, res, next) => {
    const login: unknown = (req.body as { login?: unknown } | undefined)?.login;
    if (typeof login !== 'string' || login.trim() === '' || login.length > 1000) {
      next();
      return;
    }
    const key = login.trim().toLowerCase();
    const userId = ctx.stores.users.byLogin(login.trim())?.id;
    const from = clientAddress(req);
    const trusted =
      userId !== undefined &&
      (backoff.knows(userId, from) ||
        ctx.sessions.authenticateCookieHeader(req.headers.cookie)?.user.id === userId);
    const wait = backoff.begin(key, trusted);
    if (wait) {
      const retryAfterSec = Math.max(1, Math.ceil(wait.retryAfterMs / 1000));
      next(
        new AppError(
          'RATE_LIMITED',
          `Too many failed sign-ins with this name or e-mail. Try again in ${retryAfterSec} s.`,
          { retryAfterSec },
        ),
      );
      return;
    }
    res.once('finish', () => {
      if (res.statusCode === 200 && userId !== undefined) backoff.succeeded(key, userId, from);
      else if (res.statusCode !== 401) backoff.uncount(key);
    });
    next();
  };
}

/**
 * `POST /api/auth/password` (behind the session and the JSON body): a wrong current password
 * counts as a failed login with the account's nickname, so a stolen session cookie cannot be
 * used to guess the password faster than logins can. Never `trusted`: the session is the
 * very thing that may be stolen. Answers 429 like login while the nickname must wait.
 */
export function passwordCheckBackoff(ctx: ServerContext): RequestHandler {
  const backoff = backoffOf(ctx);
  if (backoff === null) return (_req, _res, next) => next();
  return (req, res, next) => {
    const { user } = getAuth(req);
    const key = user.nickname.toLowerCase();
    const wait = backoff.begin(key, false);
    if (wait) {
      const retryAfterSec = Math.max(1, Math.ceil(wait.retryAfterMs / 1000));
      next(
        new AppError(
          'RATE_LIMITED',
          `Too many wrong passwords for this account. Try again in ${retryAfterSec} s.`,
          { retryAfterSec },
        ),
      );
      return;
    }
    const from = clientAddress(req);
    res.once('finish', () => {
      if (res.statusCode === 204) backoff.succeeded(key, user.id, from);
      else if (res.statusCode !== 403) backoff.uncount(key);
    });
    next();
  };
}
