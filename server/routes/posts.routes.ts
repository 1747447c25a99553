import type { RequestHandler } from 'express';
import { createPostSchema, idPathParam, listPostsQuery } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { isModerator } from '../services/item-rules';
import { parseBody, parseParam, parseQuery } from '../http/validate';
import { sendJsonBytes } from '../http/send-json';

export function postsRoutes(ctx: ServerContext) {
  // Dropped by the publisher when a post or comment commits (create-outbox.ts).
  const feed = ctx.feed;

  const list: RequestHandler = (req, res) => {
    const { mine, liked, ...q } = parseQuery(listPostsQuery, req.query);
    // (issue 12) A filtered feed is the reader's own: built per request, never cached.
    if (mine !== undefined || liked !== undefined) {
      const filter = { userId: getAuth(req).user.id, mine: mine === '1', liked: liked === '1' };
      res.json(ctx.posts.list({ ...q, filter }));
      return;
    }
    const key = `${q.category ?? ''}|${q.before ?? ''}|${q.limit}`;
    sendJsonBytes(
      res,
      200,
      feed.get(key, () => ctx.posts.list(q)),
    );
  };

  const get: RequestHandler = (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    // Moderators (and up) still see a deleted post, to restore it.
    const staff = isModerator(ctx.roles.roleOf(getAuth(req).user.id));
    res.json(ctx.posts.get(id, { staff }));
  };

  // Group-committed (one fsync for the writes arriving together): answered once durable.
  const create: RequestHandler = async (req, res) => {
    const input = parseBody(createPostSchema, req.body);
    res.status(201).json(await ctx.posts.createGrouped(getAuth(req).user, input));
  };

  return { list, get, create };
}
