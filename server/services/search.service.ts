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
    const query = toSearchQuery(req.q);
    const match = query?.match ?? null;
    const kinds = req.kind ? [req.kind] : SEARCH_KINDS;
    const limit = req.kind ? SEARCH_LIMITS.perPage : SEARCH_LIMITS.perKindAll;
    const results: SearchResults = { query: req.q };
    for (const kind of kinds) {
      const page: SearchPage = {
        match: match ?? '',
        narrow: query?.narrow,
        before: kind === 'people' ? NO_CURSOR : (req.before ?? NO_CURSOR),
        // One more tells whether there is a next page.
        limit: limit + 1,
      };
      if (kind === 'posts') results.posts = group(match ? this.search.posts(page) : [], limit);
      else if (kind === 'comments')
        results.comments = group(match ? this.search.comments(page) : [], limit);
      else if (kind === 'messages')
        results.messages = group(match ? this.messageAccess.search(userId, page) : [], limit);
      // People are best match first: one page, no cursor.
      else
        results.people = {
          items: match ? this.search.people(page).slice(0, limit) : [],
          nextBefore: null,
        };
    }
    return results;
  }
}

function group<T extends { id: number }>(rows: T[], limit: number): SearchGroup<T> {
  const items = rows.slice(0, limit);
  return { items, nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
