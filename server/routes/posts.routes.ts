import type { RequestHandler } from 'express';
import { createPostSchema, idPathParam, listPostsQuery } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam, parseQuery } from '../http/validate';

export function postsRoutes(ctx: ServerContext) {
  const list: RequestHandler = (req, res) => {
    const q = parseQuery(listPostsQuery, req.query);
    res.json(ctx.posts.list(q));
  };

  const get: RequestHandler = (req, res) => {
    res.json(ctx.posts.get(parseParam(idPathParam, req.params.id, 'id')));
  };

  const create: RequestHandler = (req, res) => {
    const input = parseBody(createPostSchema, req.body);
    res.status(201).json(ctx.posts.create(getAuth(req).user, input));
  };

  const categories: RequestHandler = (_req, res) => {
    res.json(ctx.posts.listCategories());
  };

  return { list, get, create, categories };
}
