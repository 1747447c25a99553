import type { Comment } from '../../common/api';
import type { Db } from '../../db/open-db';
import { COMMENT_COLUMNS, toComment, type CommentRow } from './comments.store';
import type { WriteTx } from './write-tx';

/** A comment as an edit or a delete needs it. */
export interface CommentForEdit {
  comment: Comment;
  /** When the current version was written: the last edit, or the creation. */
  writtenAt: string;
  deletedAt: string | null;
  /** Its post is deleted: the comment is out of reach like the post. */
  postDeleted: boolean;
}

type Row = CommentRow & { deleted_at: string | null; post_deleted: number };

/** Editing, deleting and restoring comments (reads stay in comments.store.ts). */
export function createCommentEditsStore(db: Db) {
  const row = db.prepare<{ id: number }, Row>(
    `SELECT ${COMMENT_COLUMNS}, c.deleted_at,
       (SELECT p.deleted_at IS NOT NULL FROM posts p WHERE p.id = c.post_id) AS post_deleted
     FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = +:id`,
  );
  const update = db.prepare<{ id: number; body: string; at: string }, never>(
    'UPDATE comments SET body = :body, edited_at = :at WHERE id = +:id',
  );
  const markDeleted = db.prepare<{ id: number; at: string; by: number }, never>(
    `UPDATE comments SET body = '', deleted_at = :at, deleted_by = :by WHERE id = +:id`,
  );
  const restore = db.prepare<{ id: number; body: string }, never>(
    'UPDATE comments SET body = :body, deleted_at = NULL, deleted_by = NULL WHERE id = +:id',
  );

  return {
    row: (id: number): CommentForEdit | undefined => {
      const r = row.get({ id });
      if (!r) return undefined;
      return {
        comment: toComment(r),
        writtenAt: r.edited_at ?? r.created_at,
        deletedAt: r.deleted_at,
        postDeleted: r.post_deleted === 1,
      };
    },
    update: (_tx: WriteTx, id: number, body: string, at: string): void => {
      update.run({ id, body, at });
    },
    markDeleted: (_tx: WriteTx, id: number, at: string, by: number): void => {
      markDeleted.run({ id, at, by });
    },
    restore: (_tx: WriteTx, id: number, body: string): void => {
      restore.run({ id, body });
    },
  };
}
export type CommentEditsStore = ReturnType<typeof createCommentEditsStore>;
