import type { RequestHandler } from 'express';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';

export function usersRoutes(ctx: ServerContext) {
  const directory: RequestHandler = (req, res) => {
    res.json(ctx.accounts.directory(getAuth(req).user.id));
  };
  return { directory };
}
