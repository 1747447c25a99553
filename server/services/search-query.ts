import { SEARCH_LIMITS } from '../../common/api';

/**
 * What a person typed → an FTS5 query, or null when it holds no word. Never passes their
 * text to FTS5's query syntax (quotes, NEAR, column filters, `*` would be operators or
 * syntax errors): it keeps only the words, as unicode61 would split them, each quoted.
 * Every word must match (AND); a word of two or more characters also matches as a prefix
 * ("caf" finds "café"), served by the indexes' 2- and 3-character prefix tables.
 */
export function toMatchQuery(q: string): string | null {
  const words = q.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const terms = [...new Set(words.map((w) => w.toLowerCase()))].slice(0, SEARCH_LIMITS.terms);
  if (terms.length === 0) return null;
  return terms.map((t) => ([...t].length >= 2 ? `"${t}"*` : `"${t}"`)).join(' ');
}
