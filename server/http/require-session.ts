import type { Request, RequestHandler } from 'express';
import type { AuthContext, SessionService } from '../auth/sessions.service';
import { clearedSessionCookie, readSessionToken, sessionCookie } from '../auth/session-cookie';
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
      // A stale cookie is cleared, so the browser stops sending it.
      if (readSessionToken(req.headers.cookie))
        res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
      next(new AppError('UNAUTHENTICATED', 'Sign in to continue.'));
      return;
    }
    if (result.renewed) {
      res.setHeader('Set-Cookie', sessionCookie(result.token, sessions.ttlMs, req.secure));
    }
    authByRequest.set(req, {
      user: result.user,
      sessionId: result.sessionId,
      expiresAtMs: result.expiresAtMs,
    });
    next();
  };
}
