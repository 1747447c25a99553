import type { Request, RequestHandler, Response } from 'express';
import { loginSchema, signupSchema } from '../../common/api';
import type { SignedIn } from '../services/accounts.service';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody } from '../http/validate';

export function authRoutes(ctx: ServerContext) {
  /** The caller's current session, if any: it is replaced by the new one. */
  const currentSessionId = (req: Request): number | undefined =>
    ctx.sessions.authenticateCookieHeader(req.headers.cookie)?.sessionId;

  const signIn = (req: Request, res: Response, status: number, { user, session }: SignedIn) => {
    res.setHeader(
      'Set-Cookie',
      ctx.sessions.cookie.set(session.token, ctx.sessions.ttlMs, req.secure),
    );
    res.status(status).json(user);
  };

  const signup: RequestHandler = async (req, res) => {
    const input = parseBody(signupSchema, req.body);
    signIn(req, res, 201, await ctx.accounts.signup(input, currentSessionId(req)));
  };

  const login: RequestHandler = async (req, res) => {
    const input = parseBody(loginSchema, req.body);
    signIn(req, res, 200, await ctx.accounts.login(input, currentSessionId(req)));
  };

  const logout: RequestHandler = (req, res) => {
    ctx.accounts.logout(getAuth(req).sessionId);
    res.setHeader('Set-Cookie', ctx.sessions.cookie.clear(req.secure));
    res.status(204).end();
  };

  const me: RequestHandler = (req, res) => {
    res.json(getAuth(req).user);
  };

  return { signup, login, logout, me };
}
