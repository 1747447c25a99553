import type { Request, RequestHandler } from 'express';
import {
  deleteItemQuery,
  deleteItemSchema,
  idPathParam,
  updateCommentSchema,
  updatePostSchema,
} from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam, parseQuery } from '../http/validate';

/** The moderator's reason, from the JSON body or the query (`?reason=`); the body wins. */
function reasonOf(req: Request): string | null {
  const body = parseBody(deleteItemSchema, req.body);
  const query = parseQuery(deleteItemQuery, req.query);
  const reason = body?.reason ?? query.reason ?? '';
  return reason === '' ? null : reason;
}

const idOf = (req: Request): number => parseParam(idPathParam, req.params.id, 'id');

/**
 * Edit, delete, restore and earlier versions of posts and comments. Who may do what is the
 * services' rule (post-edits.service, comment-edits.service); a delete answers 204.
 */
export function editsRoutes(ctx: ServerContext) {
  const editPost: RequestHandler = (req, res) => {
    const id = idOf(req);
    const input = parseBody(updatePostSchema, req.body);
    res.json(ctx.postEdits.edit(getAuth(req).user.id, id, input));
  };
  const deletePost: RequestHandler = (req, res) => {
    const id = idOf(req);
    ctx.postEdits.remove(getAuth(req).user.id, id, reasonOf(req));
    res.status(204).end();
  };
  const restorePost: RequestHandler = (req, res) => {
    const id = idOf(req);
    res.json(ctx.postEdits.restore(getAuth(req).user.id, id, reasonOf(req)));
  };
  const postRevisions: RequestHandler = (req, res) => {
    res.json(ctx.postEdits.revisions(getAuth(req).user.id, idOf(req)));
  };

  const editComment: RequestHandler = (req, res) => {
    const id = idOf(req);
    const { body, attachments } = parseBody(updateCommentSchema, req.body);
    res.json(ctx.commentEdits.edit(getAuth(req).user.id, id, body, attachments));
  };
  const deleteComment: RequestHandler = (req, res) => {
    const id = idOf(req);
    ctx.commentEdits.remove(getAuth(req).user.id, id, reasonOf(req));
    res.status(204).end();
  };
  const restoreComment: RequestHandler = (req, res) => {
    const id = idOf(req);
    res.json(ctx.commentEdits.restore(getAuth(req).user.id, id, reasonOf(req)));
  };
  const commentRevisions: RequestHandler = (req, res) => {
    res.json(ctx.commentEdits.revisions(getAuth(req).user.id, idOf(req)));
  };

  return {
    editPost,
    deletePost,
    restorePost,
    postRevisions,
    editComment,
    deleteComment,
    restoreComment,
    commentRevisions,
  };
}
