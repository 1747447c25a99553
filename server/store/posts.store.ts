import {
  FEED_BODY_CHARS,
  type Category,
  type Post,
  type PostSummary,
  type ReactionCount,
} from '../../common/api';
import type { Db } from '../../db/open-db';
import { capBody } from './post-excerpt';
import type { WriteTx } from './write-tx';

/** Column order of the page statements, read in raw (array) mode to skip object building. */
type PostTuple = [
  id: number,
  title: string,
  /** The whole body (byId), or its first FEED_PREFIX_CHARS characters (the feed). */
  body: string,
  createdAt: string,
  commentCount: number,
  authorId: number,
  authorNickname: string,
  categoryIds: string | null,
  pinnedAt: string | null,
  lockedAt: string | null,
  editedAt: string | null,
  /** 1 for a deleted post (only byId reads one: the feeds skip them). */
  deleted: number,
  /** (issue 12) "emoji\x1fcount\x1ffirst" joined by \x1e, in any order; null: none. */
  reactions: string | null,
  /** (issue 12) "attachments,pictures" (e.g. "3,2"); "0,0" when none. */
  attached: string,
];

/** `before` when the client gave none: larger than any rowid. */
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

/**
 * What a feed row reads of the body: one character past the cap says whether the post goes
 * on, and a few more let the cut see a whole grapheme (see capBody). SQLite's substr counts
 * characters (code points), each one or two UTF-16 units, so this is never less than the
 * cap needs.
 */
const FEED_PREFIX_CHARS = FEED_BODY_CHARS + 32;

// (issue 12) Each post's reaction counts by emoji, with when each emoji first appeared (their
// order, sorted here rather than by a temp b-tree in SQLite): one primary-key range of
// `reactions` per row, grouped in key order (the feed page is cached, so this runs per change).
const REACTION_COUNTS = `(SELECT group_concat(emoji || char(31) || n || char(31) || first, char(30))
    FROM (SELECT emoji, count(*) AS n, min(created_at) AS first FROM reactions
          WHERE item_type = 'post' AND item_id = p.id GROUP BY emoji))`;

// Absent when there are none, so a post without reactions reads as it did before 013.
const reactionCounts = (packed: string | null): { reactions?: ReactionCount[] } =>
  packed === null
    ? {}
    : {
        reactions: packed
          .split('\x1e')
          .map((entry) => entry.split('\x1f'))
          .sort((a, b) => ((a[2] ?? '') < (b[2] ?? '') ? -1 : (a[2] ?? '') > (b[2] ?? '') ? 1 : 0))
          .map(([emoji = '', n = '0']) => ({ emoji, count: Number(n) })),
      };

// (issue 12) How many files a post has and how many are pictures, for the feed's indicator:
// a range of the covering index attachments_item, each upload by its primary key.
const ATTACHED = `(SELECT count(*) || ',' || ifnull(sum(up.width IS NOT NULL), 0)
    FROM attachments a JOIN uploads up ON up.id = a.upload_id
    WHERE a.item_kind = 'post' AND a.item_id = p.id)`;

// Absent when there are none, so a post without files reads as it did before.
const attachedCounts = (packed: string): { attachmentCount?: number; imageCount?: number } => {
  const [files = 0, images = 0] = packed.split(',').map(Number);
  return files > 0 ? { attachmentCount: files, imageCount: images } : {};
};

// The categories of each post come back as "1,5" from a correlated subquery: one covering
// primary-key lookup per row inside SQLite, instead of a second statement per page.
const columns = (body: string) => `p.id, p.title, ${body}, p.created_at, p.comment_count,
  u.id, u.nickname,
  (SELECT group_concat(pc2.category_id) FROM post_categories pc2 WHERE pc2.post_id = p.id),
  p.pinned_at, p.locked_at, p.edited_at, p.deleted_at IS NOT NULL,
  ${REACTION_COUNTS}, ${ATTACHED}`;
// A feed page takes only the start of each body: a page of 100 posts at the 20,000-character
// limit would otherwise copy 2 MB out of SQLite into strings, then into JSON, per request.
const FEED_COLUMNS = columns(`substr(p.body, 1, ${FEED_PREFIX_CHARS})`);

/** The feed queries, exported so store/query-plans.test.ts checks their plans. */
export const POSTS_SQL = {
  // Pinned posts lead the first page (POSTS_SQL.pinned*), so the pages leave them out: each
  // post appears once, whatever page a client is on.
  page: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.id < :before AND p.pinned_at IS NULL AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT :limit`,
  pageInCategory: `SELECT ${FEED_COLUMNS} FROM post_categories pc
     JOIN posts p ON p.id = pc.post_id JOIN users u ON u.id = p.author_id
     WHERE pc.category_id = :categoryId AND pc.post_id < :before AND p.pinned_at IS NULL AND p.deleted_at IS NULL
     ORDER BY pc.post_id DESC LIMIT :limit`,
  /** Newest pin first; few rows, from the partial index posts_pinned. */
  pinned: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.pinned_at IS NOT NULL AND p.deleted_at IS NULL ORDER BY p.pinned_at DESC, p.id DESC LIMIT :limit`,
  pinnedInCategory: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.pinned_at IS NOT NULL AND p.deleted_at IS NULL
       AND EXISTS (SELECT 1 FROM post_categories pc WHERE pc.post_id = p.id AND pc.category_id = :categoryId)
     ORDER BY p.pinned_at DESC, p.id DESC LIMIT :limit`,
  byId: `SELECT ${columns('p.body')} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.id = :id`,
  // (issue 12) The feed's filters, pins in their place: "My posts" walks posts_author; "Posts
  // I liked" walks the reader's reactions (reactions_user), newest post first, one row per
  // post however many of the two emoji it got. A category (and, for liked, mine) narrows it.
  pageMine: `SELECT ${FEED_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.author_id = :userId AND p.id < :before AND p.deleted_at IS NULL
       AND (:categoryId IS NULL OR EXISTS (SELECT 1 FROM post_categories pc
            WHERE pc.post_id = p.id AND pc.category_id = :categoryId))
     ORDER BY p.id DESC LIMIT :limit`,
  pageLiked: `SELECT ${FEED_COLUMNS} FROM reactions r
     JOIN posts p ON p.id = r.item_id JOIN users u ON u.id = p.author_id
     WHERE r.user_id = :userId AND r.item_type = 'post' AND r.item_id < :before
       AND r.emoji IN ('👍', '❤️') AND p.deleted_at IS NULL
       AND (:mine = 0 OR p.author_id = :userId)
       AND (:categoryId IS NULL OR EXISTS (SELECT 1 FROM post_categories pc
            WHERE pc.post_id = p.id AND pc.category_id = :categoryId))
     GROUP BY r.item_id ORDER BY r.item_id DESC LIMIT :limit`,
  // (014) Latest activity first (issue 13): `activity` is unique per post, so it is the cursor.
  activityPage: `SELECT ${FEED_COLUMNS}, p.activity FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.activity < :before AND p.pinned_at IS NULL AND p.deleted_at IS NULL
     ORDER BY p.activity DESC LIMIT :limit`,
  activityPageInCategory: `SELECT ${FEED_COLUMNS}, p.activity FROM post_categories pc
     JOIN posts p ON p.id = pc.post_id JOIN users u ON u.id = p.author_id
     WHERE pc.category_id = :categoryId AND p.activity < :before AND p.pinned_at IS NULL AND p.deleted_at IS NULL
     ORDER BY p.activity DESC LIMIT :limit`,
  maxActivity: 'SELECT ifnull(max(activity), 0) FROM posts',
} as const;

export function createPostsStore(db: Db) {
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
    `UPDATE posts SET comment_count = comment_count + 1 WHERE id = :id AND deleted_at IS NULL
     RETURNING author_id, title`,
  );
  const exists = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM posts WHERE id = :id AND deleted_at IS NULL',
  );
  const existsAny = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM posts WHERE id = :id',
  );
  const pinned = db.prepare<{ limit: number }, PostTuple>(POSTS_SQL.pinned).raw();
  const pinnedInCategory = db
    .prepare<{ categoryId: number; limit: number }, PostTuple>(POSTS_SQL.pinnedInCategory)
    .raw();
  const setPinned = db.prepare<{ id: number; at: string | null }, never>(
    'UPDATE posts SET pinned_at = :at WHERE id = :id',
  );
  const setLocked = db.prepare<{ id: number; at: string | null }, never>(
    'UPDATE posts SET locked_at = :at WHERE id = :id',
  );
  const lockedAt = db.prepare<{ id: number }, { locked_at: string | null }>(
    'SELECT locked_at FROM posts WHERE id = :id',
  );
  const allCategories = db.prepare<[], Category>('SELECT id, name FROM categories');

  // Category names, by id: reloaded when a category changes (`reloadCategoryNames`, called
  // by the publisher's listener in context.ts); one added by hand with sqlite3 is picked up
  // on the first miss.
  let names = new Map<number, string>();
  const loadNames = () => {
    names = new Map(allCategories.all().map((c) => [c.id, c.name]));
  };
  loadNames();
  const categoriesOf = (csv: string | null): Category[] => {
    if (!csv) return [];
    const ids = csv
      .split(',')
      .map(Number)
      .sort((a, b) => a - b);
    if (ids.some((id) => !names.has(id))) loadNames();
    return ids.map((id) => ({ id, name: names.get(id) ?? `#${id}` }));
  };

  const toPost = (r: PostTuple): Post => ({
    id: r[0],
    title: r[1],
    body: r[2],
    bodyTruncated: false,
    author: { id: r[5], nickname: r[6] },
    categories: categoriesOf(r[7]),
    createdAt: r[3],
    commentCount: r[4],
    pinned: r[8] !== null,
    locked: r[9] !== null,
    editedAt: r[10],
    ...(r[11] === 1 ? { deleted: true as const } : {}),
    ...reactionCounts(r[12]),
    ...attachedCounts(r[13]),
  });
  const toSummary = (r: PostTuple): PostSummary => {
    const { body, bodyTruncated } = capBody(r[2]);
    return {
      id: r[0],
      title: r[1],
      body,
      bodyTruncated,
      author: { id: r[5], nickname: r[6] },
      categories: categoriesOf(r[7]),
      createdAt: r[3],
      commentCount: r[4],
      pinned: r[8] !== null,
      locked: r[9] !== null,
      editedAt: r[10],
      ...reactionCounts(r[12]),
      ...attachedCounts(r[13]),
    };
  };
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
    reloadCategoryNames: loadNames,
  };
}
export type PostsStore = ReturnType<typeof createPostsStore>;
