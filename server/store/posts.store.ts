import type { Post, PostSummary } from '../../common/api';
import type { Db } from '../../db/open-db';
import { createPostRowReader, FEED_COLUMNS, postColumns, type PostTuple } from './post-rows';
import type { WriteTx } from './write-tx';

/** `before` when the client gave none: larger than any rowid. */
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

/** The feed queries, exported so store/query-plans.test.ts checks their plans. */
export const POSTS_SQL = {
  // Pinned posts lead the first page (POSTS_SQL.pinned*), so the pages leave them out: each
  // post appears once, whatever page a client is on.
  page: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.id < +:before AND p.pinned_at IS NULL AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT +:limit`,
  pageInCategory: `SELECT ${FEED_COLUMNS} FROM post_categories pc
     JOIN posts p ON p.id = pc.post_id JOIN users u ON u.id = p.author_id
     WHERE pc.category_id = +:categoryId AND pc.post_id < +:before AND p.pinned_at IS NULL AND p.deleted_at IS NULL
     ORDER BY pc.post_id DESC LIMIT +:limit`,
  /** Newest pin first; few rows, from the partial index posts_pinned. */
  pinned: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.pinned_at IS NOT NULL AND p.deleted_at IS NULL ORDER BY p.pinned_at DESC, p.id DESC LIMIT +:limit`,
  pinnedInCategory: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.pinned_at IS NOT NULL AND p.deleted_at IS NULL
       AND EXISTS (SELECT 1 FROM post_categories pc WHERE pc.post_id = p.id AND pc.category_id = +:categoryId)
     ORDER BY p.pinned_at DESC, p.id DESC LIMIT +:limit`,
  byId: `SELECT ${postColumns('p.body')} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.id = +:id`,
  // (issue 12) The feed's filters, pins in their place: "My posts" walks posts_author; "Posts
  // I liked" walks the reader's reactions (reactions_user), newest post first, one row per
  // post however many of the two emoji it got. A category (and, for liked, mine) narrows it.
  pageMine: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.author_id = +:userId AND p.id < +:before AND p.deleted_at IS NULL
       AND (:categoryId IS NULL OR EXISTS (SELECT 1 FROM post_categories pc
            WHERE pc.post_id = p.id AND pc.category_id = +:categoryId))
     ORDER BY p.id DESC LIMIT +:limit`,
  pageLiked: `SELECT ${FEED_COLUMNS} FROM reactions r
     JOIN posts p ON p.id = r.item_id JOIN users u ON u.id = p.author_id
     WHERE r.user_id = +:userId AND r.item_type = 'post' AND r.item_id < +:before
       AND r.emoji IN ('👍', '❤️') AND p.deleted_at IS NULL
       AND (:mine = 0 OR p.author_id = +:userId)
       AND (:categoryId IS NULL OR EXISTS (SELECT 1 FROM post_categories pc
            WHERE pc.post_id = p.id AND pc.category_id = +:categoryId))
     GROUP BY r.item_id ORDER BY r.item_id DESC LIMIT +:limit`,
  // (014) Latest activity first (issue 13): `activity` is unique per post, so it is the cursor.
  activityPage: `SELECT ${FEED_COLUMNS}, p.activity FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.activity < +:before AND p.pinned_at IS NULL AND p.deleted_at IS NULL
     ORDER BY p.activity DESC LIMIT +:limit`,
  activityPageInCategory: `SELECT ${FEED_COLUMNS}, p.activity FROM post_categories pc
     JOIN posts p ON p.id = pc.post_id JOIN users u ON u.id = p.author_id
     WHERE pc.category_id = +:categoryId AND p.activity < +:before AND p.pinned_at IS NULL AND p.deleted_at IS NULL
     ORDER BY p.activity DESC LIMIT +:limit`,
  maxActivity: 'SELECT ifnull(max(activity), 0) FROM posts',
} as const;

export function createPostsStore(db: Db) {
  const { toPost, toSummary, reloadCategoryNames } = createPostRowReader(db);
  const insert = db.prepare<
    { authorId: number; title: string; body: string; createdAt: string },
    { id: number }
  >(
    `INSERT INTO posts (author_id, title, body, created_at)
     VALUES (:authorId, :title, :body, :createdAt) RETURNING id`,
  );
  const insertCategory = db.prepare<{ postId: number; categoryId: number }, never>(
    'INSERT INTO post_categories (post_id, category_id) VALUES (:postId, :categoryId)',
  );
  const byId = db.prepare<{ id: number }, PostTuple>(POSTS_SQL.byId).raw();
  const page = db.prepare<{ before: number; limit: number }, PostTuple>(POSTS_SQL.page).raw();
  const pageInCategory = db
    .prepare<{ categoryId: number; before: number; limit: number }, PostTuple>(
      POSTS_SQL.pageInCategory,
    )
    .raw();
  /** Bumps the counter and tells the caller whose post it is (undefined: no such post). */
  const bumpComments = db.prepare<{ id: number }, { author_id: number; title: string }>(
    // A deleted post takes no comments (as if it did not exist).
    `UPDATE posts SET comment_count = comment_count + 1 WHERE id = +:id AND deleted_at IS NULL
     RETURNING author_id, title`,
  );
  const exists = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM posts WHERE id = +:id AND deleted_at IS NULL',
  );
  const existsAny = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM posts WHERE id = +:id',
  );
  const pinned = db.prepare<{ limit: number }, PostTuple>(POSTS_SQL.pinned).raw();
  const pinnedInCategory = db
    .prepare<{ categoryId: number; limit: number }, PostTuple>(POSTS_SQL.pinnedInCategory)
    .raw();
  const setPinned = db.prepare<{ id: number; at: string | null }, never>(
    'UPDATE posts SET pinned_at = :at WHERE id = +:id',
  );
  const setLocked = db.prepare<{ id: number; at: string | null }, never>(
    'UPDATE posts SET locked_at = :at WHERE id = +:id',
  );
  const lockedAt = db.prepare<{ id: number }, { locked_at: string | null }>(
    'SELECT locked_at FROM posts WHERE id = +:id',
  );
  const pageMine = db
    .prepare<
      { userId: number; categoryId: number | null; before: number; limit: number },
      PostTuple
    >(POSTS_SQL.pageMine)
    .raw();
  const pageLiked = db
    .prepare<
      { userId: number; mine: 0 | 1; categoryId: number | null; before: number; limit: number },
      PostTuple
    >(POSTS_SQL.pageLiked)
    .raw();

  type ActivityTuple = [...PostTuple, activity: number];
  const activityPage = db
    .prepare<{ before: number; limit: number }, ActivityTuple>(POSTS_SQL.activityPage)
    .raw();
  const activityPageInCategory = db
    .prepare<{ categoryId: number; before: number; limit: number }, ActivityTuple>(
      POSTS_SQL.activityPageInCategory,
    )
    .raw();
  const maxActivity = db.prepare<[], number>(POSTS_SQL.maxActivity).pluck();

  return {
    /** (014) Latest activity first, below the `before` activity; with each post's activity. */
    activityPage: (q: {
      categoryId?: number;
      before?: number;
      limit: number;
    }): { post: PostSummary; activity: number }[] => {
      const before = q.before ?? NO_CURSOR;
      const rows =
        q.categoryId === undefined
          ? activityPage.all({ before, limit: q.limit })
          : activityPageInCategory.all({ categoryId: q.categoryId, before, limit: q.limit });
      // The activity rides after the feed's own columns.
      return rows.map((r) => ({
        post: toSummary(r.slice(0, -1) as unknown as PostTuple),
        activity: r[r.length - 1] as number,
      }));
    },
    /** The newest activity number (0 on an empty forum). */
    maxActivity: (): number => maxActivity.get() ?? 0,
    insert: (
      _tx: WriteTx,
      p: { authorId: number; title: string; body: string; createdAt: string },
      categoryIds: readonly number[],
    ): number => {
      const { id } = insert.get(p) as { id: number };
      for (const categoryId of categoryIds) insertCategory.run({ postId: id, categoryId });
      return id;
    },
    /** Deleted posts too (`deleted: true`): callers decide who may see one. */
    byId: (id: number): Post | undefined => {
      const row = byId.get({ id });
      return row ? toPost(row) : undefined;
    },
    /** Newest first, `limit` rows with ids below `before`; bodies capped for the feed. */
    page: (q: { categoryId?: number; before?: number; limit: number }): PostSummary[] => {
      const before = q.before ?? NO_CURSOR;
      const rows =
        q.categoryId === undefined
          ? page.all({ before, limit: q.limit })
          : pageInCategory.all({ categoryId: q.categoryId, before, limit: q.limit });
      return rows.map(toSummary);
    },
    /** (issue 12) The reader's posts, or those they liked (and maybe also wrote), newest first. */
    filteredPage: (q: {
      userId: number;
      mine: boolean;
      liked: boolean;
      categoryId?: number;
      before?: number;
      limit: number;
    }): PostSummary[] => {
      const p = {
        userId: q.userId,
        categoryId: q.categoryId ?? null,
        before: q.before ?? NO_CURSOR,
        limit: q.limit,
      };
      const rows = q.liked ? pageLiked.all({ ...p, mine: q.mine ? 1 : 0 }) : pageMine.all(p);
      return rows.map(toSummary);
    },
    bumpCommentCount: (
      _tx: WriteTx,
      id: number,
    ): { authorId: number; title: string } | undefined => {
      const row = bumpComments.get({ id });
      return row ? { authorId: row.author_id, title: row.title } : undefined;
    },
    /** Whether the post exists and is not deleted. */
    exists: (id: number): boolean => exists.get({ id }) !== undefined,
    /** The pinned posts (of one category), newest pin first, bodies capped for the feed. */
    pinned: (q: { categoryId?: number; limit: number }): PostSummary[] =>
      (q.categoryId === undefined
        ? pinned.all({ limit: q.limit })
        : pinnedInCategory.all({ categoryId: q.categoryId, limit: q.limit })
      ).map(toSummary),
    /** `at` (ISO) pins the post, null unpins it. */
    setPinned: (_tx: WriteTx, id: number, at: string | null): void => {
      setPinned.run({ id, at });
    },
    /** `at` (ISO) locks the post, null unlocks it. */
    setLocked: (_tx: WriteTx, id: number, at: string | null): void => {
      setLocked.run({ id, at });
    },
    /** undefined: no such post. */
    isLocked: (id: number): boolean | undefined => {
      const row = lockedAt.get({ id });
      return row === undefined ? undefined : row.locked_at !== null;
    },
    /** Deleted or not (a moderator still reads a deleted post's thread). */
    existsAny: (id: number): boolean => existsAny.get({ id }) !== undefined,
    reloadCategoryNames,
  };
}
export type PostsStore = ReturnType<typeof createPostsStore>;
