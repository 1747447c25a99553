import type { RequestHandler } from 'express';
import { idPathParam } from '../../common/api';
import { listNotificationGroupsQuery, setPostLevelSchema } from '../../common/attention-api';
import type { ServerContext } from '../context';
import { parseFeedQuery } from '../http/feed-query';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam, parseQuery } from '../http/validate';
import { sendJsonBytes } from '../http/send-json';

/** Grouped notifications, per-post levels, opening a post (issue 13). */
export function attentionRoutes(ctx: ServerContext) {
  const groups: RequestHandler = (req, res) => {
    const q = parseQuery(listNotificationGroupsQuery, req.query);
    res.json(ctx.attention.notificationGroups(getAuth(req).user.id, q));
  };

  const level: RequestHandler = (req, res) => {
    const postId = parseParam(idPathParam, req.params.id, 'id');
    res.json(ctx.attention.level(getAuth(req).user.id, postId));
  };

  const setLevel: RequestHandler = (req, res) => {
    const postId = parseParam(idPathParam, req.params.id, 'id');
    const { level } = parseBody(setPostLevelSchema, req.body);
    res.json(ctx.attention.setLevel(getAuth(req).user.id, postId, level));
  };

  const open: RequestHandler = async (req, res) => {
    const postId = parseParam(idPathParam, req.params.id, 'id');
    res.json(await ctx.attention.openPost(getAuth(req).user.id, postId));
  };

  /** The feed in either order with the reader's read state; never writes. */
  const feed: RequestHandler = (req, res) => {
    const q = parseFeedQuery(req.query);
    const { user } = getAuth(req);
    sendJsonBytes(res, 200, ctx.feedPages.page(q, { id: user.id, createdAt: user.createdAt }));
  };

  return { groups, level, setLevel, open, feed };
}
