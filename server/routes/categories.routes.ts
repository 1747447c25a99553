import type { RequestHandler } from 'express';
import {
  createCategorySchema,
  idPathParam,
  reorderCategoriesSchema,
  updateCategorySchema,
} from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam } from '../http/validate';

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

  // ---- Admins (the owner and admins; services/categories.service.ts) ----

  /** Every category, archived too, with its post count. */
  const adminList: RequestHandler = (req, res) => {
    res.json(ctx.categories.list(getAuth(req).user.id));
  };

  const create: RequestHandler = (req, res) => {
    const input = parseBody(createCategorySchema, req.body);
    res.status(201).json(ctx.categories.create(getAuth(req).user.id, input));
  };

  const update: RequestHandler = (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    const patch = parseBody(updateCategorySchema, req.body);
    res.json(ctx.categories.update(getAuth(req).user.id, id, patch));
  };

  const reorder: RequestHandler = (req, res) => {
    const { ids } = parseBody(reorderCategoriesSchema, req.body);
    res.json(ctx.categories.reorder(getAuth(req).user.id, ids));
  };

  const remove: RequestHandler = (req, res) => {
    ctx.categories.remove(getAuth(req).user.id, parseParam(idPathParam, req.params.id, 'id'));
    res.status(204).end();
  };

  return { list, follow, unfollow, adminList, create, update, reorder, remove };
}
