import type { RequestHandler } from 'express';
import { idPathParam } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseParam } from '../http/validate';

/** The categories, each with whether the caller follows it, and (un)following one. */
export function categoriesRoutes(ctx: ServerContext) {
  const list: RequestHandler = (req, res) => {
    res.json(ctx.follows.categoriesFor(getAuth(req).user.id));
  };

  /** PUT: follow (idempotent), 204. */
  const follow: RequestHandler = (req, res) => {
    ctx.follows.follow(getAuth(req).user.id, parseParam(idPathParam, req.params.id, 'id'));
    res.status(204).end();
  };

  /** DELETE: stop following (idempotent), 204. */
  const unfollow: RequestHandler = (req, res) => {
    ctx.follows.unfollow(getAuth(req).user.id, parseParam(idPathParam, req.params.id, 'id'));
    res.status(204).end();
  };

  return { list, follow, unfollow };
}
