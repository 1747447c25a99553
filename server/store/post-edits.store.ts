import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** A post as an edit or a delete needs it: who wrote it, what it says now, its state. */
export interface PostForEdit {
  id: number;
  authorId: number;
  title: string;
  body: string;
  categoryIds: number[];
  /** When the current version was written: the last edit, or the creation. */
  writtenAt: string;
  deletedAt: string | null;
}

interface Row {
  id: number;
  author_id: number;
  title: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  category_ids: string | null;
}

/** Editing, deleting and restoring posts (the feed reads stay in posts.store.ts). */
export function createPostEditsStore(db: Db) {
  const row = db.prepare<{ id: number }, Row>(
    `SELECT id, author_id, title, body, created_at, edited_at, deleted_at,
       (SELECT group_concat(category_id) FROM post_categories WHERE post_id = posts.id) AS category_ids
     FROM posts WHERE id = +:id`,
  );
  const update = db.prepare<{ id: number; title: string; body: string; at: string }, never>(
    'UPDATE posts SET title = :title, body = :body, edited_at = :at WHERE id = +:id',
  );
  const clearCategories = db.prepare<{ id: number }, never>(
    'DELETE FROM post_categories WHERE post_id = +:id',
  );
  const addCategory = db.prepare<{ id: number; categoryId: number }, never>(
    'INSERT INTO post_categories (post_id, category_id) VALUES (:id, :categoryId)',
  );
  // The row stays (comments point to it, a moderator may restore it); its text goes.
  const markDeleted = db.prepare<{ id: number; at: string; by: number }, never>(
    `UPDATE posts SET title = '', body = '', deleted_at = :at, deleted_by = :by WHERE id = +:id`,
  );
  const restore = db.prepare<{ id: number; title: string; body: string }, never>(
    `UPDATE posts SET title = :title, body = :body, deleted_at = NULL, deleted_by = NULL
     WHERE id = +:id`,
  );

  return {
    /** Deleted posts too; undefined when there is no such post. */
    row: (id: number): PostForEdit | undefined => {
      const r = row.get({ id });
      if (!r) return undefined;
      return {
        id: r.id,
        authorId: r.author_id,
        title: r.title,
        body: r.body,
        categoryIds: r.category_ids
          ? r.category_ids
              .split(',')
              .map(Number)
              .sort((a, b) => a - b)
          : [],
        writtenAt: r.edited_at ?? r.created_at,
        deletedAt: r.deleted_at,
      };
    },
    update: (
      _tx: WriteTx,
      p: { id: number; title: string; body: string; at: string },
      categoryIds: readonly number[] | null,
    ): void => {
      update.run(p);
      if (categoryIds === null) return;
      clearCategories.run({ id: p.id });
      for (const categoryId of categoryIds) addCategory.run({ id: p.id, categoryId });
    },
    markDeleted: (_tx: WriteTx, id: number, at: string, by: number): void => {
      markDeleted.run({ id, at, by });
    },
    restore: (_tx: WriteTx, id: number, title: string, body: string): void => {
      restore.run({ id, title, body });
    },
  };
}
export type PostEditsStore = ReturnType<typeof createPostEditsStore>;
