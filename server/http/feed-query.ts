import { LIMITS } from '../../common/limits';
import { feedQuery, type FeedQuery } from '../../common/attention-api';
import { parseQuery } from './validate';

const ID = /^[1-9][0-9]{0,14}$/;
const LIMIT = /^[1-9][0-9]{0,5}$/;
const ID_KEYS = new Set(['category', 'before', 'since']);

/**
 * GET /api/feed's query, the hottest read's. A query made only of well-formed values (what
 * the client sends) is read by hand, as `feedQuery` would read it (feed-query.test.ts holds
 * the two together); anything else, including every error, goes through the schema, so
 * messages and fields are the schema's.
 */
export function parseFeedQuery(query: unknown): FeedQuery {
  return readWellFormed(query) ?? parseQuery(feedQuery, query);
}

/** The query if every value is a single well-formed string; null: let the schema judge. */
function readWellFormed(query: unknown): FeedQuery | null {
  if (typeof query !== 'object' || query === null) return null;
  const out: FeedQuery = { sort: 'activity', limit: LIMITS.pageSize.default };
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') return null;
    // An empty value counts as absent (parseQuery drops it too).
    if (value === '') continue;
    if (key === 'sort') {
      if (value !== 'activity' && value !== 'newest') return null;
      out.sort = value;
    } else if (key === 'limit') {
      if (!LIMIT.test(value)) return null;
      const n = Number(value);
      if (n > LIMITS.pageSize.max) return null;
      out.limit = n;
    } else if (ID_KEYS.has(key)) {
      if (!ID.test(value)) return null;
      out[key as 'category' | 'before' | 'since'] = Number(value);
    } else {
      return null;
    }
  }
  return out;
}
