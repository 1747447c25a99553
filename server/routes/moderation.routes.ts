import type { RequestHandler } from 'express';
import {
  idPathParam,
  moderationLogQuery,
  moderationReasonSchema,
  suspendSchema,
} from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam, parseQuery } from '../http/validate';

/** Pin, lock, suspend and the moderation log (docs/api.md, "Moderation"). */
export function moderationRoutes(ctx: ServerContext) {
  const id = (req: Parameters<RequestHandler>[0]) => parseParam(idPathParam, req.params.id, 'id');
  // The body is optional: no body is no reason.
  const reasonOf = (body: unknown): string | null =>
    body === undefined ? null : (parseBody(moderationReasonSchema, body).reason ?? null);

  const postFlag =
    (flag: 'pinned' | 'locked', on: boolean): RequestHandler =>
    (req, res) => {
      const postId = id(req);
      const reason = reasonOf(req.body);
      const actor = getAuth(req).user.id;
      res.json(
        flag === 'pinned'
          ? ctx.postModeration.setPinned(actor, postId, on, reason)
          : ctx.postModeration.setLocked(actor, postId, on, reason),
      );
    };

  const suspension: RequestHandler = (req, res) => {
    res.json(ctx.suspensions.get(getAuth(req).user.id, id(req)));
  };

  const suspend: RequestHandler = (req, res) => {
    const userId = id(req);
    const input = parseBody(suspendSchema, req.body);
    res.json(
      ctx.suspensions.suspend(getAuth(req).user.id, userId, input.until, input.reason ?? null),
    );
  };

  const unsuspend: RequestHandler = (req, res) => {
    const userId = id(req);
    res.json(ctx.suspensions.unsuspend(getAuth(req).user.id, userId, reasonOf(req.body)));
  };

  const log: RequestHandler = (req, res) => {
    const q = parseQuery(moderationLogQuery, req.query);
    res.json(ctx.moderationLog.page(getAuth(req).user.id, q));
  };

  return {
    pin: postFlag('pinned', true),
    unpin: postFlag('pinned', false),
    lock: postFlag('locked', true),
    unlock: postFlag('locked', false),
    suspension,
    suspend,
    unsuspend,
    log,
  };
}
