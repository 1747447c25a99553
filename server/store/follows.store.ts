import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** Exported so store/follows-query-plans.test.ts checks their plans. */
export const FOLLOWS_SQL = {
  // A user's follows, from the primary key (user_id, category_id).
  followedBy: 'SELECT category_id FROM category_follows WHERE user_id = +:userId',
} as const;

/** Which categories each user follows ("Watching" a category, in Discourse's words). */
export function createFollowsStore(db: Db) {
  // OR IGNORE: following twice is the same as once (PUT is idempotent).
  const follow = db.prepare<{ userId: number; categoryId: number }, never>(
    `INSERT OR IGNORE INTO category_follows (user_id, category_id) VALUES (:userId, :categoryId)`,
  );
  const unfollow = db.prepare<{ userId: number; categoryId: number }, never>(
    'DELETE FROM category_follows WHERE user_id = +:userId AND category_id = +:categoryId',
  );
  const followedBy = db.prepare<{ userId: number }, number>(FOLLOWS_SQL.followedBy).pluck();

  return {
    /** Returns whether it changed anything (false: already followed). */
    follow: (_tx: WriteTx, userId: number, categoryId: number): boolean =>
      follow.run({ userId, categoryId }).changes > 0,
    /** Returns whether it changed anything (false: was not followed). */
    unfollow: (_tx: WriteTx, userId: number, categoryId: number): boolean =>
      unfollow.run({ userId, categoryId }).changes > 0,
    /** The ids of the categories `userId` follows. */
    followedBy: (userId: number): number[] => followedBy.all({ userId }),
  };
}
export type FollowsStore = ReturnType<typeof createFollowsStore>;
