/**
 * Reactions and search (issue 12; docs/api.md "Reactions", "Search").
 */
import type {
  ItemReactions,
  ReactionItemType,
  ReactionsList,
  SearchKind,
  SearchResults,
} from '@common/api';
import { request } from './api';

export const reactionsApi = {
  list: (type: ReactionItemType, ids: readonly number[]) =>
    request<ReactionsList>('GET', `/reactions?type=${type}&ids=${ids.join(',')}`),
  set: (type: ReactionItemType, id: number, emoji: string, on: boolean) =>
    request<ItemReactions>(on ? 'PUT' : 'DELETE', '/reactions', { body: { type, id, emoji } }),
};

export const searchApi = {
  search: (q: string, opts: { kind?: SearchKind; before?: number; signal?: AbortSignal } = {}) => {
    const params = new URLSearchParams({ q });
    if (opts.kind) params.set('kind', opts.kind);
    if (opts.before) params.set('before', String(opts.before));
    return request<SearchResults>('GET', `/search?${params}`, { signal: opts.signal });
  },
};
