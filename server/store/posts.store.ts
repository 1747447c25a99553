import type { Category, Post } from '../../common/api';
import type { Db } from '../../db/open-db';

interface PostRow {
  id: number;
  title: string;
  body: string;
  created_at: string;
  comment_count: number;
  author_id: number;
  author_nickname: string;
}

interface PostCategoryRow {
  post_id: number;
  id: number;
  name: string;
}

/** `before` when the client gave none: larger than any rowid. */
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

const POST_COLUMNS = `p.id, p.title, p.body, p.created_at, p.comment_count,
  u.id AS author_id, u.nickname AS author_nickname`;

/** The feed queries, exported so store/query-plans.test.ts checks their plans. */
export const POSTS_SQL = {
  page: `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id
     WHERE p.id < :before ORDER BY p.id DESC LIMIT :limit`,
  pageInCategory: `SELECT ${POST_COLUMNS} FROM post_categories pc
     JOIN posts p ON p.id = pc.post_id JOIN users u ON u.id = p.author_id
     WHERE pc.category_id = :categoryId AND pc.post_id < :before
     ORDER BY pc.post_id DESC LIMIT :limit`,
  // Driven from the page's ids (CROSS JOIN fixes the join order): one primary-key range per
  // post, which yields each post's categories in id order without a sort.
  categoriesOf: `SELECT pc.post_id, c.id, c.name
     FROM json_each(:ids) AS j
     CROSS JOIN post_categories pc ON pc.post_id = j.value
     CROSS JOIN categories c ON c.id = pc.category_id`,
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
  const byId = db.prepare<{ id: number }, PostRow>(
    `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = :id`,
  );
  const page = db.prepare<{ before: number; limit: number }, PostRow>(POSTS_SQL.page);
  const pageInCategory = db.prepare<{ categoryId: number; before: number; limit: number }, PostRow>(
    POSTS_SQL.pageInCategory,
  );
  const categoriesOf = db.prepare<{ ids: string }, PostCategoryRow>(POSTS_SQL.categoriesOf);
  /** Bumps the counter and tells the caller whose post it is (undefined: no such post). */
  const bumpComments = db.prepare<{ id: number }, { author_id: number; title: string }>(
    'UPDATE posts SET comment_count = comment_count + 1 WHERE id = :id RETURNING author_id, title',
  );
  const exists = db.prepare<{ id: number }, { id: number }>('SELECT id FROM posts WHERE id = :id');

  /** One query for the categories of a whole page, not one per post. */
  function withCategories(rows: PostRow[]): Post[] {
    if (rows.length === 0) return [];
    const byPost = new Map<number, Category[]>();
    for (const c of categoriesOf.all({ ids: JSON.stringify(rows.map((r) => r.id)) })) {
      let list = byPost.get(c.post_id);
      if (!list) byPost.set(c.post_id, (list = []));
      list.push({ id: c.id, name: c.name });
    }
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      author: { id: r.author_id, nickname: r.author_nickname },
      categories: byPost.get(r.id) ?? [],
      createdAt: r.created_at,
      commentCount: r.comment_count,
    }));
  }

  return {
    /** Call inside a transaction (see PostsService.create). */
    insert: (
      p: { authorId: number; title: string; body: string; createdAt: string },
      categoryIds: readonly number[],
    ): number => {
      const { id } = insert.get(p) as { id: number };
      for (const categoryId of categoryIds) insertCategory.run({ postId: id, categoryId });
      return id;
    },
    byId: (id: number): Post | undefined => {
      const row = byId.get({ id });
      return row ? withCategories([row])[0] : undefined;
    },
    /** Newest first, `limit` rows with ids below `before`. */
    page: (q: { categoryId?: number; before?: number; limit: number }): Post[] => {
      const before = q.before ?? NO_CURSOR;
      const rows =
        q.categoryId === undefined
          ? page.all({ before, limit: q.limit })
          : pageInCategory.all({ categoryId: q.categoryId, before, limit: q.limit });
      return withCategories(rows);
    },
    bumpCommentCount: (id: number): { authorId: number; title: string } | undefined => {
      const row = bumpComments.get({ id });
      return row ? { authorId: row.author_id, title: row.title } : undefined;
    },
    exists: (id: number): boolean => exists.get({ id }) !== undefined,
  };
}
export type PostsStore = ReturnType<typeof createPostsStore>;
