import { SEARCH_LIMITS } from '../../common/api';
import { narrowOf, type Narrow } from '../store/prefix-narrow';

/**
 * What a person typed → an FTS5 query, or null when it holds no word. Never passes their
 * text to FTS5's query syntax (quotes, NEAR, column filters, `*` would be operators or
 * syntax errors): it keeps only the words, as unicode61 would split them, each quoted.
 * Every word must match (AND); the last one, the word being typed, also matches as a prefix
 * ("caf" finds "café") when it has two or more characters, served by the indexes' 2- and
 * 3-character prefix tables. Earlier words are whole: a prefix term merges the lists of every
 * word it starts, and the words before the cursor are finished.
 */
export function toMatchQuery(q: string): string | null {
  return toSearchQuery(q)?.match ?? null;
}

export type SearchQuery = { match: string; narrow?: Narrow } | null;

/**
 * The last text asked and its query: one search asks for the same text once per kind (and
 * the event loop once for its cache key). Read-only for callers.
 */
let lastAsked: { q: string; query: SearchQuery } | null = null;

/** toMatchQuery's query, and its narrowed form when its prefix has no index (prefix-narrow.ts). */
export function toSearchQuery(q: string): SearchQuery {
  if (lastAsked?.q === q) return lastAsked.query;
  const query = parse(q);
  lastAsked = { q, query };
  return query;
}

/** Printable ASCII: NFKC leaves it as it is, and its words are [A-Za-z0-9] runs. */
const PLAIN = /^[\x20-\x7e]*$/;

function parse(q: string): SearchQuery {
  const words = PLAIN.test(q)
    ? (q.match(/[A-Za-z0-9]+/g) ?? [])
    : (q.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? []);
  const terms = [...new Set(words.map((w) => w.toLowerCase()))].slice(0, SEARCH_LIMITS.terms);
  if (terms.length === 0) return null;
  const last = terms.length - 1;
  const prefix = [...terms[last]!].length >= 2;
  const match = terms.map((t, i) => (i === last && prefix ? `"${t}"*` : `"${t}"`)).join(' ');
  const narrow = narrowOf(terms, prefix);
  return narrow ? { match, narrow } : { match };
}
