import type { RequestHandler } from 'express';
import {
  listNotificationsQuery,
  MARK_READ_HOW,
  markNotificationsReadSchema,
} from '../../common/api';
import type { ServerContext } from '../context';
import { AppError } from '../errors/app-error';
import { getAuth } from '../http/require-session';
import { parseBody, parseQuery } from '../http/validate';

const [readAll, readIds] = markNotificationsReadSchema.options;

export function notificationsRoutes(ctx: ServerContext) {
  const list: RequestHandler = (req, res) => {
    res.json(
      ctx.notifications.list(getAuth(req).user.id, parseQuery(listNotificationsQuery, req.query)),
    );
  };

  /** `{ids}` or `{all: true}`; every socket of the user then gets the new `unread`. */
  const markRead: RequestHandler = (req, res) => {
    const body: unknown = req.body;
    // Picked by shape, so an error names the real problem rather than "no union member matched".
    const all = typeof body === 'object' && body !== null && 'all' in body;
    if (all && 'ids' in body) throw new AppError('VALIDATION_FAILED', MARK_READ_HOW);
    const request = parseBody(all ? readAll : readIds, body);
    const me = getAuth(req).user.id;
    ctx.notifications.markRead(me, request);
    res.status(204).end();
  };

  return { list, markRead };
}
