import type { RequestHandler } from 'express';
import { chatHistoryQuery, idPathParam } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseParam, parseQuery } from '../http/validate';

export function chatRoutes(ctx: ServerContext) {
  /** Everyone else, ordered for the chat list, with presence, last message and unread. */
  const roster: RequestHandler = (req, res) => {
    res.json(ctx.chat.roster(getAuth(req).user.id));
  };

  const history: RequestHandler = (req, res) => {
    const peer = parseParam(idPathParam, req.params.userId, 'userId');
    const q = parseQuery(chatHistoryQuery, req.query);
    res.json(ctx.chat.history(getAuth(req).user.id, peer, q));
  };

  return { roster, history };
}
