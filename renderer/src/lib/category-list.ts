/**
 * The picker's and filters' category list, as `category.*` events change it: archived ones
 * leave it, others are added or updated in place (keeping whether I follow them). Order comes
 * from the server (a reorder is one event per category moved, with positions the list does
 * not carry), so the state refetches the list after a change to get it right.
 */
import type { CategoryInfo, CategoryListItem } from '@common/api';

export interface CategoryLook {
  name: string;
  color: string | null;
}

export function applyCategory(list: CategoryListItem[], c: CategoryInfo): CategoryListItem[] {
  if (c.archived) return list.filter((x) => x.id !== c.id);
  const color = c.color === null ? {} : { color: c.color };
  const i = list.findIndex((x) => x.id === c.id);
  if (i === -1) return [...list, { id: c.id, name: c.name, following: false, ...color }];
  const old = list[i]!;
  const next = [...list];
  next[i] = { id: c.id, name: c.name, following: old.following, ...color };
  return next;
}

export const removeCategory = (list: CategoryListItem[], id: number): CategoryListItem[] =>
  list.filter((x) => x.id !== id);
