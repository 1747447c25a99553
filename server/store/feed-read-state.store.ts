import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-db';

/** One post of a feed page, as the read-state query needs it. */
export interface FeedReadPost {
  id: number;
  /** The reader wrote it: others' comments count even if never opened. */
  mine: boolean;
}

export interface FeedReadRow {
  postId: number;
  lastRead: number | null;
  newComments: number;
}

/**
 * The reader's state of a page of posts: one seek into post_reads' primary key per post and,
 * only where it can be non-zero (opened before, or the reader's own post), a count along
 * comments_post (post_id, id) past the pointer. The posts come as bound parameters (a
 * VALUES list; statements compiled once per page length), not a JSON array to decode.
 */
const readStateSql = (n: number) => `WITH page(id, mine) AS (VALUES ${Array.from({ length: n }, () => '(?, ?)').join(', ')})
SELECT page.id AS postId, r.last_comment_id AS lastRead,
  CASE WHEN r.last_comment_id IS NULL AND page.mine = 0 THEN 0
    ELSE (SELECT count(*) FROM comments c WHERE c.post_id = page.id AND c.id > ifnull(r.last_comment_id, 0)
      AND c.author_id <> @userId AND c.deleted_at IS NULL) END AS newComments
FROM page LEFT JOIN post_reads r ON r.user_id = @userId AND r.post_id = page.id`;

export const FEED_READ_STATE_SQL = { readState: readStateSql, totalChanges: 'SELECT total_changes()' };

export function createFeedReadStateStore(db: Db) {
  const byLength = new Map<number, Statement<unknown[], FeedReadRow>>();
  const totalChanges = db.prepare<[], number>(FEED_READ_STATE_SQL.totalChanges).pluck();
  return {
    readState(userId: number, posts: readonly FeedReadPost[]): FeedReadRow[] {
      if (posts.length === 0) return [];
      let stmt = byLength.get(posts.length);
      if (!stmt) {
        stmt = db.prepare<unknown[], FeedReadRow>(readStateSql(posts.length));
        byLength.set(posts.length, stmt);
      }
      const args: (number | { userId: number })[] = [{ userId }];
      for (const p of posts) args.push(p.id, p.mine ? 1 : 0);
      return stmt.all(...args);
    },
    /**
     * Rows written on this connection since it opened (SQLite's total_changes(), triggers
     * included). Every write of the server goes through this one connection, so an unchanged
     * number means no table changed: what a cached read state was computed from still holds.
     */
    totalChanges: (): number => totalChanges.get() ?? 0,
  };
}
export type FeedReadStateStore = ReturnType<typeof createFeedReadStateStore>;
