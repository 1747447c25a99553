import type { Category } from '../../common/api';
import type { Db } from '../../db/open-db';

export function createCategoriesStore(db: Db) {
  const all = db.prepare<[], Category>('SELECT id, name FROM categories ORDER BY id');
  const byIds = db.prepare<{ ids: string }, Category>(
    'SELECT id, name FROM categories WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id',
  );
  const exists = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM categories WHERE id = :id',
  );

  return {
    all: (): Category[] => all.all(),
    byIds: (ids: readonly number[]): Category[] => byIds.all({ ids: JSON.stringify(ids) }),
    exists: (id: number): boolean => exists.get({ id }) !== undefined,
  };
}
export type CategoriesStore = ReturnType<typeof createCategoriesStore>;
