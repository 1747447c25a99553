import type { Request, RequestHandler, Response } from 'express';
import {
  changePasswordSchema,
  resetPasswordSchema,
  resetTokenSchema,
  updateProfileSchema,
} from '../../common/accounts';
import { idPathParam, nicknameSchema } from '../../common/api';
import type { ServerContext } from '../context';
import { AppError } from '../errors/app-error';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam } from '../http/validate';

/** Profiles, one's own account (profile, password) and password-reset links. */
export function accountsRoutes(ctx: ServerContext) {
  const viewer = (req: Request) => {
    const { user } = getAuth(req);
    return { id: user.id, role: user.role };
  };

  const profile: RequestHandler = (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    res.json(ctx.profiles.get(viewer(req), id));
  };

  const profileByNickname: RequestHandler = (req, res) => {
    // A malformed nickname names nobody: 404, as an unknown one.
    const nickname = nicknameSchema.safeParse(req.params.nickname);
    if (!nickname.success) throw new AppError('NOT_FOUND', 'There is nobody by that name.');
    res.json(ctx.profiles.byNickname(viewer(req), nickname.data));
  };

  const updateMe: RequestHandler = (req, res) => {
    const patch = parseBody(updateProfileSchema, req.body);
    res.json(ctx.profiles.update(viewer(req), patch));
  };

  const changePassword: RequestHandler = async (req, res) => {
    const input = parseBody(changePasswordSchema, req.body);
    await ctx.passwords.change(getAuth(req), input);
    res.status(204).end();
  };

  const createResetLink: RequestHandler = (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    // The address the caller reached the forum by (the Host header passed the allowed-hosts
    // check before any route runs), so the link opens the same forum.
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.status(201).json(ctx.passwords.createLink(viewer(req), id, origin));
  };

  const checkReset: RequestHandler = (req, res) => {
    const token = resetTokenSchema.safeParse(req.params.token);
    res.json(token.success ? ctx.passwords.check(token.data) : { valid: false, reason: 'unknown' });
  };

  /** Sets the password and signs this browser in as the link's user. */
  const reset: RequestHandler = async (req, res: Response) => {
    const input = parseBody(resetPasswordSchema, req.body);
    const previous = ctx.sessions.authenticateCookieHeader(req.headers.cookie)?.sessionId;
    const { user, session } = await ctx.passwords.reset(input, previous);
    res.setHeader(
      'Set-Cookie',
      ctx.sessions.cookie.set(session.token, ctx.sessions.ttlMs, req.secure),
    );
    res.json(user);
  };

  return {
    profile,
    profileByNickname,
    updateMe,
    changePassword,
    createResetLink,
    checkReset,
    reset,
  };
}
