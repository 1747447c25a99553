import type { RequestHandler } from 'express';
import { createCommentSchema, idPathParam, listCommentsQuery } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { isModerator } from '../services/item-rules';
import { parseBody, parseParam, parseQuery } from '../http/validate';
import { sendJson } from '../http/send-json';

export function commentsRoutes(ctx: ServerContext) {
  const list: RequestHandler = (req, res) => {
    const postId = parseParam(idPathParam, req.params.id, 'id');
    const q = parseQuery(listCommentsQuery, req.query);
    // Moderators (and up) still read a deleted post's thread, to restore the post.
    const staff = isModerator(ctx.roles.roleOf(getAuth(req).user.id));
    res.json(ctx.comments.list(postId, q, { staff }));
  };

  // Group-committed (one fsync for the writes arriving together): answered once durable.
  const create: RequestHandler = async (req, res) => {
    const postId = parseParam(idPathParam, req.params.id, 'id');
    const { body, attachments } = parseBody(createCommentSchema, req.body);
    const comment = await ctx.comments.createGrouped(postId, getAuth(req).user, body, attachments);
    sendJson(res, 201, comment);
  };

  return { list, create };
}
