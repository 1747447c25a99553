import type { Db } from '../../db/open-db';

/** Whose item a reaction is on, and what its notification names (issue 12). */
export interface ReactedItem {
  ownerId: number;
  /** The post (of a comment: its post); null for a message. */
  postId: number | null;
  /** The post's title ('' for a message). */
  title: string;
}

/** Exported so the query-plan tests can check them: primary-key lookups. */
export const REACTION_OWNERS_SQL = {
  post: `SELECT author_id AS ownerId, id AS postId, title FROM posts
     WHERE id = +:id AND deleted_at IS NULL`,
  comment: `SELECT c.author_id AS ownerId, c.post_id AS postId, p.title FROM comments c
     JOIN posts p ON p.id = c.post_id WHERE c.id = +:id AND c.deleted_at IS NULL`,
  message: `SELECT sender_id AS ownerId, NULL AS postId, '' AS title FROM messages
     WHERE id = +:id AND deleted_at IS NULL`,
} as const;

export function createReactionOwnersStore(db: Db) {
  const post = db.prepare<{ id: number }, ReactedItem>(REACTION_OWNERS_SQL.post);
  const comment = db.prepare<{ id: number }, ReactedItem>(REACTION_OWNERS_SQL.comment);
  const message = db.prepare<{ id: number }, ReactedItem>(REACTION_OWNERS_SQL.message);
  return {
    of: (type: 'post' | 'comment' | 'message', id: number): ReactedItem | undefined =>
      (type === 'post' ? post : type === 'comment' ? comment : message).get({ id }),
  };
}
export type ReactionOwnersStore = ReturnType<typeof createReactionOwnersStore>;
