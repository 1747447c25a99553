import type { Request, RequestHandler } from 'express';
import {
  forumSettingsPatchSchema,
  idPathParam,
  setRoleSchema,
  setupSchema,
  signupSchema,
  transferOwnershipSchema,
} from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam } from '../http/validate';

/** The forum itself: its state and settings, setup, staff and roles, adding people. */
export function forumRoutes(ctx: ServerContext) {
  const currentSession = (req: Request) =>
    ctx.sessions.authenticateCookieHeader(req.headers.cookie);

  /** Public: the UI decides between setup, sign-up and login from it. */
  const get: RequestHandler = (req, res) => {
    res.json(ctx.forum.state(currentSession(req)?.user.id));
  };

  const setup: RequestHandler = async (req, res) => {
    const input = parseBody(setupSchema, req.body);
    const { user, session } = await ctx.setup.setup(input, currentSession(req)?.sessionId);
    res.setHeader(
      'Set-Cookie',
      ctx.sessions.cookie.set(session.token, ctx.sessions.ttlMs, req.secure),
    );
    res.status(201).json(user);
  };

  const update: RequestHandler = (req, res) => {
    const patch = parseBody(forumSettingsPatchSchema, req.body);
    res.json(ctx.forum.update(getAuth(req).user.id, patch));
  };

  const staff: RequestHandler = (_req, res) => {
    res.json(ctx.roles.staff());
  };

  const setRole: RequestHandler = (req, res) => {
    const target = parseParam(idPathParam, req.params.id, 'id');
    const { role } = parseBody(setRoleSchema, req.body);
    res.json(ctx.roles.setRole(getAuth(req).user.id, target, role));
  };

  const transfer: RequestHandler = (req, res) => {
    const { userId } = parseBody(transferOwnershipSchema, req.body);
    res.json(ctx.roles.transfer(getAuth(req).user.id, userId));
  };

  /** An admin adds a person (sign-up closed or not): 201 with the account, no session. */
  const addUser: RequestHandler = async (req, res) => {
    const input = parseBody(signupSchema, req.body);
    res.status(201).json(await ctx.accounts.add(input, getAuth(req).user.id));
  };

  return { get, setup, update, staff, setRole, transfer, addUser };
}
