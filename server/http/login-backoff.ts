import type { RequestHandler } from 'express';
import type { ServerContext } from '../context';
import { AppError } from '../errors/app-error';
import { LoginBackoff } from '../security/login-backoff';
import { clientRateKey } from './client-ip';

/**
 * The per-account login backoff (security/login-backoff.ts) as route middleware, after the
 * JSON body and before the handler. A nickname and the e-mail of one account share one
 * count; a login that names no account is counted under its own text, so the answer (429
 * or not) does not tell whether an account exists. A body without a usable `login` passes
 * untouched, for the handler to refuse.
 */
export function loginBackoff(ctx: ServerContext): RequestHandler {
  const config = ctx.config.loginBackoff;
  if (config === false) return (_req, _res, next) => next();
  const backoff = new LoginBackoff(config, ctx.config.clock);
  return (req, res, next) => {
    const login: unknown = (req.body as { login?: unknown } | undefined)?.login;
    if (typeof login !== 'string' || login.trim() === '' || login.length > 1000) {
      next();
      return;
    }
    const userId = ctx.stores.users.byLogin(login.trim())?.id;
    const account = userId === undefined ? `login:${login.trim().toLowerCase()}` : `user:${userId}`;
    const from = clientRateKey(req);
    const vouched =
      userId !== undefined &&
      ctx.sessions.authenticateCookieHeader(req.headers.cookie)?.user.id === userId;
    const wait = backoff.begin(account, from, vouched);
    if (wait) {
      const retryAfterSec = Math.max(1, Math.ceil(wait.retryAfterMs / 1000));
      next(
        new AppError(
          'RATE_LIMITED',
          `Too many failed sign-ins to this account. Try again in ${retryAfterSec} s.`,
          { retryAfterSec },
        ),
      );
      return;
    }
    res.once('finish', () => {
      if (res.statusCode === 200) backoff.succeeded(account, from);
      else if (res.statusCode !== 401) backoff.uncount(account);
    });
    next();
  };
}
