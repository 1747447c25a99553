import type { RequestHandler } from 'express';
import { searchQuery } from '../../common/api';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseQuery } from '../http/validate';

/** What res.type('json').send(text) would set: written directly (below). */
const JSON_TYPE = 'application/json; charset=utf-8';

/** `GET /api/search?q=&kind=&before=`: what the reader can see that matches (docs/api.md). */
export function searchRoutes(ctx: ServerContext) {
  const search: RequestHandler = async (req, res) => {
    const q = parseQuery(searchQuery, req.query);
    // The body comes as JSON text from the search thread: sent as it is, with the headers
    // express's send() would give it (no ETag: app.ts turns them off), without its work
    // per response (parsing and formatting the type, a copy of the body, a freshness check
    // that cannot succeed without an ETag).
    const body = await ctx.search.run(getAuth(req).user.id, q);
    res.setHeader('Content-Type', JSON_TYPE);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };
  return { search };
}
