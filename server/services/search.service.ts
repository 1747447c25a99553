import {
  SEARCH_LIMITS,
  SEARCH_KINDS,
  type SearchGroup,
  type SearchKind,
  type SearchResults,
} from '../../common/api';
import type { MessageAccessStore } from '../store/message-access.store';
import type { SearchPage, SearchStore } from '../store/search.store';
import { toSearchQuery } from './search-query';

/** `before` when the client gave none: larger than any rowid. */
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

export interface SearchRequest {
  q: string;
  kind?: SearchKind | undefined;
  before?: number | undefined;
}

/** The kinds a request asks for, in the order of its answer. */
export const kindsOf = (req: SearchRequest): readonly SearchKind[] =>
  req.kind ? [req.kind] : SEARCH_KINDS;

/**
 * One search box over posts, comments, messages and people. Without `kind`, a few of each
 * (the header's grouped results); with it, a page of that kind. Messages only as
 * stores.messageAccess lets the searcher read them.
 */
export class SearchService {
  constructor(
    private readonly search: SearchStore,
    private readonly messageAccess: Pick<MessageAccessStore, 'search'>,
  ) {}

  run(userId: number, req: SearchRequest): SearchResults {
    const results: SearchResults = { query: req.q };
    for (const kind of kindsOf(req))
      Object.assign(results, { [kind]: this.group(userId, kind, req) });
    return results;
  }

  /** One kind's group of run()'s answer (search/ caches those that are the same for everyone). */
  group(userId: number, kind: SearchKind, req: SearchRequest): SearchGroup<{ id: number }> {
    const query = toSearchQuery(req.q);
    const match = query?.match ?? null;
    const limit = req.kind ? SEARCH_LIMITS.perPage : SEARCH_LIMITS.perKindAll;
    const page: SearchPage = {
      match: match ?? '',
      narrow: query?.narrow,
      before: kind === 'people' ? NO_CURSOR : (req.before ?? NO_CURSOR),
      // One more tells whether there is a next page.
      limit: limit + 1,
    };
    if (!match) return { items: [], nextBefore: null };
    if (kind === 'posts') return group(this.search.posts(page), limit);
    if (kind === 'comments') return group(this.search.comments(page), limit);
    if (kind === 'messages') return group(this.messageAccess.search(userId, page), limit);
    // People are best match first: one page, no cursor.
    return { items: this.search.people(page).slice(0, limit), nextBefore: null };
  }
}

function group<T extends { id: number }>(rows: T[], limit: number): SearchGroup<T> {
  const items = rows.slice(0, limit);
  return { items, nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
