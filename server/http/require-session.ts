import type { Request, RequestHandler } from 'express';
import type { AuthContext, SessionService } from '../auth/sessions.service';
import { AppError } from '../errors/app-error';

const authByRequest = new WeakMap<Request, AuthContext>();

/** The caller of a route behind `requireSession` (identity never comes from the body). */
export function getAuth(req: Request): AuthContext {
  const auth = authByRequest.get(req);
  if (!auth) throw new Error('getAuth() used on a route without requireSession');
  return auth;
}

/** 401 UNAUTHENTICATED without a valid session; re-sends the cookie when renewed. */
export function requireSession(sessions: SessionService): RequestHandler {
  return (req, res, next) => {
    const result = sessions.authenticateCookieHeader(req.headers.cookie);
    if (!result) {
      // Cleared only when every value of the cookie was tried and none is valid, so the
      // browser stops sending a stale one; with a valid one among them, authentication
      // succeeded above. (Clearing sets our own Path=/ copy, never a planted one.)
      const sent = sessions.cookie.read(req.headers.cookie);
      if (sent.complete && sent.tokens.length > 0)
        res.setHeader('Set-Cookie', sessions.cookie.clear(req.secure));
      next(new AppError('UNAUTHENTICATED', 'Sign in to continue.'));
      return;
    }
    if (result.renewed) {
      res.setHeader('Set-Cookie', sessions.cookie.set(result.token, sessions.ttlMs, req.secure));
    }
    authByRequest.set(req, {
      user: result.user,
      sessionId: result.sessionId,
      expiresAtMs: result.expiresAtMs,
    });
    next();
  };
}
