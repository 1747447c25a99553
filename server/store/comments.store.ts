import type { Comment } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

export interface CommentRow {
  id: number;
  post_id: number;
  body: string;
  created_at: string;
  author_id: number;
  author_nickname: string;
  edited_at: string | null;
  deleted: number;
}

export const toComment = (r: CommentRow): Comment => ({
  id: r.id,
  postId: r.post_id,
  body: r.body,
  author: { id: r.author_id, nickname: r.author_nickname },
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deleted: r.deleted === 1,
});

/** The columns of a Comment, for this store and comment-edits.store.ts. */
export const COMMENT_COLUMNS = `c.id, c.post_id, c.body, c.created_at, u.id AS author_id,
  u.nickname AS author_nickname, c.edited_at, c.deleted_at IS NOT NULL AS deleted`;

/** Exported so store/query-plans.test.ts checks its plan. */
export const COMMENTS_SQL = {
  page: `SELECT ${COMMENT_COLUMNS}
     FROM comments c JOIN users u ON u.id = c.author_id
     WHERE c.post_id = +:postId AND c.id > +:after ORDER BY c.id LIMIT +:limit`,
} as const;

export function createCommentsStore(db: Db) {
  const insert = db.prepare<
    { postId: number; authorId: number; body: string; createdAt: string },
    { id: number }
  >(
    `INSERT INTO comments (post_id, author_id, body, created_at)
     VALUES (:postId, :authorId, :body, :createdAt) RETURNING id`,
  );
  const page = db.prepare<{ postId: number; after: number; limit: number }, CommentRow>(
    COMMENTS_SQL.page,
  );

  return {
    /** In the transaction that also bumps the post's comment count. */
    insert: (
      _tx: WriteTx,
      c: { postId: number; authorId: number; body: string; createdAt: string },
    ): number => (insert.get(c) as { id: number }).id,
    /** Oldest first, `limit` rows with ids above `after`. */
    page: (q: { postId: number; after?: number; limit: number }): Comment[] =>
      page.all({ postId: q.postId, after: q.after ?? 0, limit: q.limit }).map(toComment),
  };
}
export type CommentsStore = ReturnType<typeof createCommentsStore>;
