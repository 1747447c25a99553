import type { Category, CategoryAdminItem, CategoryInfo } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

interface CategoryRow {
  id: number;
  name: string;
  color: string | null;
  position: number;
  archived: 0 | 1;
}

const toInfo = (r: CategoryRow): CategoryInfo => ({
  id: r.id,
  name: r.name,
  color: r.color,
  position: r.position,
  archived: r.archived === 1,
});

export interface NewCategory {
  name: string;
  color: string | null;
}

/** Exported so store/query-plans.test.ts checks their plans. */
export const CATEGORIES_SQL = {
  // The picker and filters: archived ones left out, in the admins' order.
  active: 'SELECT id, name, color FROM categories WHERE archived = 0 ORDER BY position, id',
  postCount: 'SELECT count(*) FROM post_categories WHERE category_id = +:id',
} as const;

export function createCategoriesStore(db: Db) {
  const all = db.prepare<[], Category>('SELECT id, name FROM categories ORDER BY id');
  const active = db.prepare<[], { id: number; name: string; color: string | null }>(
    CATEGORIES_SQL.active,
  );
  const everything = db.prepare<[], CategoryRow & { post_count: number }>(
    `SELECT c.*, (SELECT count(*) FROM post_categories pc WHERE pc.category_id = c.id) AS post_count
     FROM categories c ORDER BY position, id`,
  );
  // What a new post can be filed under: archived categories are out of the picker.
  const byIds = db.prepare<{ ids: string }, Category>(
    `SELECT id, name FROM categories
     WHERE id IN (SELECT value FROM json_each(:ids)) AND archived = 0 ORDER BY id`,
  );
  const exists = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM categories WHERE id = +:id',
  );
  const byId = db.prepare<{ id: number }, CategoryRow>('SELECT * FROM categories WHERE id = +:id');
  const byName = db.prepare<{ name: string }, CategoryRow>(
    'SELECT * FROM categories WHERE name = +:name COLLATE NOCASE',
  );
  const count = db.prepare<[], number>('SELECT count(*) FROM categories').pluck();
  const insert = db.prepare<NewCategory, CategoryRow>(
    `INSERT INTO categories (name, color, position)
     VALUES (:name, :color, (SELECT coalesce(max(position), 0) + 1 FROM categories))
     RETURNING *`,
  );
  const update = db.prepare<CategoryRow, CategoryRow>(
    `UPDATE categories SET name = :name, color = :color, position = :position, archived = :archived
     WHERE id = +:id RETURNING *`,
  );
  const postCount = db.prepare<{ id: number }, number>(CATEGORIES_SQL.postCount).pluck();
  const remove = db.prepare<{ id: number }, never>('DELETE FROM categories WHERE id = +:id');
  const removeAll = db.prepare<[], never>('DELETE FROM categories');

  return {
    /** Every category by id, archived too (posts name theirs whatever their state). */
    all: (): Category[] => all.all(),
    /** The picker's list: not archived, in order; `color` only when one was set. */
    active: (): { id: number; name: string; color?: string }[] =>
      active
        .all()
        .map((c) => (c.color === null ? { id: c.id, name: c.name } : { ...c, color: c.color })),
    withPostCounts: (): CategoryAdminItem[] =>
      everything.all().map((r) => ({ ...toInfo(r), postCount: r.post_count })),
    /** Those of `ids` a new post can use (not archived; a missing or archived id is left out). */
    byIds: (ids: readonly number[]): Category[] => byIds.all({ ids: JSON.stringify(ids) }),
    exists: (id: number): boolean => exists.get({ id }) !== undefined,
    byId: (id: number): CategoryInfo | undefined => {
      const row = byId.get({ id });
      return row && toInfo(row);
    },
    /** Case-insensitive, as the unique index decides. */
    byName: (name: string): CategoryInfo | undefined => {
      const row = byName.get({ name });
      return row && toInfo(row);
    },
    count: (): number => count.get() ?? 0,
    postCount: (id: number): number => postCount.get({ id }) ?? 0,
    insert: (_tx: WriteTx, c: NewCategory): CategoryInfo => toInfo(insert.get(c) as CategoryRow),
    update: (_tx: WriteTx, c: CategoryInfo): CategoryInfo =>
      toInfo(update.get({ ...c, archived: c.archived ? 1 : 0 }) as CategoryRow),
    remove: (_tx: WriteTx, id: number): void => {
      remove.run({ id });
    },
    /** Setup only, on a forum without posts: the template replaces the seeded set. */
    removeAll: (_tx: WriteTx): void => {
      removeAll.run();
    },
  };
}
export type CategoriesStore = ReturnType<typeof createCategoriesStore>;
