import type { PostLevel } from '../../common/attention';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** Exported so the query-plan tests check them. */
export const ATTENTION_SQL = {
  levelsOn: 'SELECT user_id AS userId, level FROM post_levels WHERE post_id = +:postId',
  levelOf: 'SELECT level FROM post_levels WHERE user_id = +:userId AND post_id = +:postId',
  setLevel: `INSERT INTO post_levels (user_id, post_id, level) VALUES (:userId, :postId, :level)
     ON CONFLICT (user_id, post_id) DO UPDATE SET level = excluded.level`,
  isParticipant: `SELECT EXISTS (SELECT 1 FROM posts WHERE id = +:postId AND author_id = +:userId)
     OR EXISTS (SELECT 1 FROM comments WHERE post_id = +:postId AND author_id = +:userId)`,
  readOf: 'SELECT last_comment_id FROM post_reads WHERE user_id = +:userId AND post_id = +:postId',
  // Never moves back: a stale tab opening the post does not make old comments new again.
  markRead: `INSERT INTO post_reads (user_id, post_id, last_comment_id, read_ms)
     VALUES (:userId, :postId, :lastCommentId, :ms)
     ON CONFLICT (user_id, post_id) DO UPDATE SET
       last_comment_id = max(last_comment_id, excluded.last_comment_id), read_ms = excluded.read_ms`,
  lastCommentId: 'SELECT ifnull(max(id), 0) FROM comments WHERE post_id = +:postId',
  // A user's unread notifications are few (partial index notifications_unread).
  unreadOnPost: `SELECT count(*) FROM notifications
     WHERE user_id = +:userId AND read = 0 AND post_id = +:postId`,
  markPostNotificationsRead: `UPDATE notifications SET read = 1
     WHERE user_id = +:userId AND read = 0 AND post_id = +:postId`,
} as const;

export function createAttentionStore(db: Db) {
  const levelsOn = db.prepare<{ postId: number }, { userId: number; level: PostLevel }>(
    ATTENTION_SQL.levelsOn,
  );
  const levelOf = db
    .prepare<{ userId: number; postId: number }, PostLevel>(ATTENTION_SQL.levelOf)
    .pluck();
  const setLevel = db.prepare<{ userId: number; postId: number; level: PostLevel }, never>(
    ATTENTION_SQL.setLevel,
  );
  const isParticipant = db
    .prepare<{ userId: number; postId: number }, number>(ATTENTION_SQL.isParticipant)
    .pluck();
  const readOf = db
    .prepare<{ userId: number; postId: number }, number>(ATTENTION_SQL.readOf)
    .pluck();
  const markRead = db.prepare<
    { userId: number; postId: number; lastCommentId: number; ms: number },
    never
  >(ATTENTION_SQL.markRead);
  const lastCommentId = db.prepare<{ postId: number }, number>(ATTENTION_SQL.lastCommentId).pluck();
  const unreadOnPost = db
    .prepare<{ userId: number; postId: number }, number>(ATTENTION_SQL.unreadOnPost)
    .pluck();
  const markPostNotificationsRead = db.prepare<{ userId: number; postId: number }, never>(
    ATTENTION_SQL.markPostNotificationsRead,
  );

  return {
    /** Every explicit level on the post. */
    levelsOn: (postId: number) => levelsOn.all({ postId }),
    levelOf: (userId: number, postId: number): PostLevel | undefined =>
      levelOf.get({ userId, postId }),
    setLevel: (_tx: WriteTx, userId: number, postId: number, level: PostLevel): void => {
      setLevel.run({ userId, postId, level });
    },
    /** The post's author or one of its commenters. */
    isParticipant: (userId: number, postId: number): boolean =>
      isParticipant.get({ userId, postId }) === 1,
    /** The newest comment id seen when last opened; undefined: never opened. */
    readOf: (userId: number, postId: number): number | undefined => readOf.get({ userId, postId }),
    markRead: (
      _tx: WriteTx,
      r: { userId: number; postId: number; lastCommentId: number; ms: number },
    ) => {
      markRead.run(r);
    },
    lastCommentId: (postId: number): number => lastCommentId.get({ postId }) ?? 0,
    unreadOnPost: (userId: number, postId: number): number =>
      unreadOnPost.get({ userId, postId }) ?? 0,
    markPostNotificationsRead: (_tx: WriteTx, userId: number, postId: number): number =>
      markPostNotificationsRead.run({ userId, postId }).changes,
  };
}
export type AttentionStore = ReturnType<typeof createAttentionStore>;
