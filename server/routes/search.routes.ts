import type { RequestHandler } from 'express';
import { searchQuery } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseQuery } from '../http/validate';

/** `GET /api/search?q=&kind=&before=`: what the reader can see that matches (docs/api.md). */
export function searchRoutes(ctx: ServerContext) {
  const search: RequestHandler = async (req, res) => {
    const q = parseQuery(searchQuery, req.query);
    // The body comes as JSON text from the search thread: sent as it is.
    res.type('json').send(await ctx.search.run(getAuth(req).user.id, q));
  };
  return { search };
}
