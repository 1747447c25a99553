import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-db';

const marks = (n: number, mark: string) => Array.from({ length: n }, () => mark).join(', ');

/**
 * The reader's state of a page of posts, in two statements whose posts come as bound
 * parameters (compiled once per page length): the reader's pointers (seeks into
 * post_reads' primary key), then, only for the posts where it can be non-zero (opened
 * before, or the reader's own), the count of others' comments past the pointer along
 * comments_post (post_id, id). Measured (bench/support/feed-micro.ts): a reader who opened
 * nothing costs one short statement; the single json_each statement with a CASE per post
 * cost 5× that.
 */
export const FEED_READ_STATE_SQL = {
  pointers: (n: number) =>
    `SELECT post_id, last_comment_id FROM post_reads WHERE user_id = +? AND post_id IN (${marks(n, '?')})`,
  newComments: (n: number) => `WITH asked(id, after) AS (VALUES ${marks(n, '(?, ?)')})
SELECT asked.id, (SELECT count(*) FROM comments c WHERE c.post_id = asked.id AND c.id > asked.after
  AND c.author_id <> @userId AND c.deleted_at IS NULL) FROM asked`,
  totalChanges: 'SELECT total_changes()',
} as const;

type Rows = Statement<unknown[], [number, number]>;

export function createFeedReadStateStore(db: Db) {
  const pointers = new Map<number, Rows>();
  const newComments = new Map<number, Rows>();
  /** A page is at most pinned + a page size + moved posts long: a few dozen lengths at most. */
  const statement = (cache: Map<number, Rows>, sql: (n: number) => string, n: number): Rows => {
    let s = cache.get(n);
    if (!s) {
      s = db.prepare<unknown[], [number, number]>(sql(n)).raw(true);
      cache.set(n, s);
    }
    return s;
  };
  const totalChanges = db.prepare<[], number>(FEED_READ_STATE_SQL.totalChanges).pluck();
  return {
    /** Post id → the newest comment id seen when the reader last opened it (absent: never). */
    pointers(userId: number, postIds: readonly number[]): Map<number, number> {
      if (postIds.length === 0) return new Map();
      const stmt = statement(pointers, FEED_READ_STATE_SQL.pointers, postIds.length);
      return new Map(stmt.all(userId, ...postIds));
    },
    /** Post id → comments by others than the reader, not deleted, with an id above `after`. */
    newComments(
      userId: number,
      asked: readonly { postId: number; after: number }[],
    ): Map<number, number> {
      if (asked.length === 0) return new Map();
      const stmt = statement(newComments, FEED_READ_STATE_SQL.newComments, asked.length);
      const args: unknown[] = [{ userId }];
      for (const a of asked) args.push(a.postId, a.after);
      return new Map(stmt.all(...args));
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
