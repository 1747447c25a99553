import { describe, expect, it } from 'vitest';
import type { CategoryInfo, CategoryListItem } from '@common/api';
import { applyCategory, removeCategory } from './category-list';

const list: CategoryListItem[] = [
  { id: 1, name: 'General', following: true },
  { id: 2, name: 'Music', following: false, color: '#2563eb' },
];
const info = (over: Partial<CategoryInfo>): CategoryInfo => ({
  id: 1,
  name: 'General',
  color: null,
  position: 1,
  archived: false,
  ...over,
});

describe('applyCategory', () => {
  it('renames and recolours in place, keeping whether I follow it', () => {
    expect(applyCategory(list, info({ name: 'Lobby', color: '#dc2626' }))).toEqual([
      { id: 1, name: 'Lobby', following: true, color: '#dc2626' },
      list[1],
    ]);
    expect(applyCategory(list, info({ id: 2, name: 'Music' }))[1]).toEqual({
      id: 2,
      name: 'Music',
      following: false,
    });
  });
  it('adds a new one (not followed) and drops an archived one', () => {
    expect(applyCategory(list, info({ id: 3, name: 'Games' })).at(-1)).toEqual({
      id: 3,
      name: 'Games',
      following: false,
    });
    expect(applyCategory(list, info({ id: 2, archived: true })).map((c) => c.id)).toEqual([1]);
    expect(applyCategory(list, info({ id: 9, archived: true }))).toEqual(list);
  });
  it('removes a deleted one', () => {
    expect(removeCategory(list, 1).map((c) => c.id)).toEqual([2]);
  });
});
