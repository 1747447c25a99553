import type { RequestHandler } from 'express';
import { reactionSchema, reactionsQuery } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody, parseQuery } from '../http/validate';

/**
 * `PUT /api/reactions` adds the reader's reaction, `DELETE /api/reactions` takes it back
 * (both answer the item's reactions as they are now, and are idempotent);
 * `GET /api/reactions?type=&ids=` reads the reactions of a page of items.
 */
export function reactionsRoutes(ctx: ServerContext) {
  const add: RequestHandler = (req, res) => {
    const input = parseBody(reactionSchema, req.body);
    res.json(ctx.reactions.add(getAuth(req).user, input));
  };
  const remove: RequestHandler = (req, res) => {
    const input = parseBody(reactionSchema, req.body);
    res.json(ctx.reactions.remove(getAuth(req).user, input));
  };
  const list: RequestHandler = (req, res) => {
    const { type, ids } = parseQuery(reactionsQuery, req.query);
    res.json(ctx.reactions.list(getAuth(req).user.id, type, ids));
  };
  return { add, remove, list };
}
