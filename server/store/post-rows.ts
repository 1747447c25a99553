import {
  FEED_BODY_CHARS,
  type Category,
  type Post,
  type PostSummary,
  type ReactionCount,
} from '../../common/api';
import type { Db } from '../../db/open-db';
import { capBody, type CappedBody } from './post-excerpt';

/** Column order of the page statements, read in raw (array) mode to skip object building. */
export type PostTuple = [
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
export const postColumns = (body: string) => `p.id, p.title, ${body}, p.created_at, p.comment_count,
  u.id, u.nickname,
  (SELECT group_concat(pc2.category_id) FROM post_categories pc2 WHERE pc2.post_id = p.id),
  p.pinned_at, p.locked_at, p.edited_at, p.deleted_at IS NOT NULL,
  ${REACTION_COUNTS}, ${ATTACHED}`;
// A feed page takes only the start of each body: a page of 100 posts at the 20,000-character
// limit would otherwise copy 2 MB out of SQLite into strings, then into JSON, per request.
export const FEED_COLUMNS = postColumns(`substr(p.body, 1, ${FEED_PREFIX_CHARS})`);

/**
 * Turns the page statements' rows into posts (whole) and feed items (bodies capped), with
 * their categories' names from a cache of all category names.
 */
export function createPostRowReader(db: Db) {
  const allCategories = db.prepare<[], Category>('SELECT id, name FROM categories');

  // Category names, by id: reloaded when a category changes (`reloadCategoryNames`, called
  // by the publisher's listener in create-outbox.ts); one added by hand with sqlite3 is picked up
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

  const shape = (r: PostTuple, { body, bodyTruncated }: CappedBody): PostSummary => ({
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
  });
  /** A row as the list shows it: its body capped (capBody). */
  const toSummary = (r: PostTuple): PostSummary => shape(r, capBody(r[2]));
  /** A row as the opened post shows it: its whole body, and whether it is deleted. */
  const toPost = (r: PostTuple): Post => ({
    ...shape(r, { body: r[2], bodyTruncated: false }),
    bodyTruncated: false,
    ...(r[11] === 1 ? { deleted: true as const } : {}),
  });

  return { toPost, toSummary, reloadCategoryNames: loadNames };
}
