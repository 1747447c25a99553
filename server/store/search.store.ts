import type { CommentHit, Highlighted, PersonHit, PostHit } from '../../common/api';
import type { Db } from '../../db/open-db';
import { asciiHighlight, asciiNarrowed, asciiSnippet, termsOf, type Token } from './ascii-snippet';
import { createFtsProbe } from './fts-probe';
import { joinMarked, MARKS_SQL, parseMarked } from './highlight';
import {
  createNarrowProbe,
  keepMarks,
  narrowedPage,
  snippetOf,
  type Narrow,
} from './prefix-narrow';

export interface SearchPage {
  /** An FTS5 query (services/search-query.ts), never raw user text. */
  match: string;
  /** Only ids below this (the next page of one kind). */
  before: number;
  limit: number;
  /** The same query through the 3-character prefix index (prefix-narrow.ts), if it has one. */
  narrow?: Narrow | undefined;
}

/** Snippets of about this many tokens around the match. */
const SNIPPET_TOKENS = 16;

/**
 * The search statements over posts, comments and people (db migration 012); messages are
 * searched behind stores.messageAccess, which decides who reads them. Posts and comments
 * newest first (rowid order, which FTS5 walks without sorting; a page is a rowid cursor);
 * people best match first. Deleted items are skipped (their text is empty anyway). The
 * cursor is CAST: the driver binds a JS number as REAL, and FTS5 starts at a rowid bound only
 * when it is an INTEGER (otherwise SQLite still filters, but FTS5 walks every newer match
 * first: a later page of a common word cost 2–4 ms instead of ~0.1 ms).
 */
export const SEARCH_SQL = {
  posts: `SELECT p.id, highlight(posts_fts, 0, ${MARKS_SQL}) AS title,
       snippet(posts_fts, 1, ${MARKS_SQL}, '…', ${SNIPPET_TOKENS}) AS snippet,
       p.created_at, u.id AS author_id, u.nickname
     FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid JOIN users u ON u.id = p.author_id
     WHERE posts_fts MATCH :match AND posts_fts.rowid < CAST(:before AS INTEGER) AND p.deleted_at IS NULL
     ORDER BY posts_fts.rowid DESC LIMIT +:limit`,
  comments: `SELECT c.id, c.post_id, p.title,
       snippet(comments_fts, 0, ${MARKS_SQL}, '…', ${SNIPPET_TOKENS}) AS snippet,
       c.created_at, u.id AS author_id, u.nickname
     FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid
     JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = c.author_id
     WHERE comments_fts MATCH :match AND comments_fts.rowid < CAST(:before AS INTEGER)
       AND c.deleted_at IS NULL AND p.deleted_at IS NULL
     ORDER BY comments_fts.rowid DESC LIMIT +:limit`,
  people: `SELECT users_fts.rowid AS id, highlight(users_fts, 0, ${MARKS_SQL}) AS nickname,
       highlight(users_fts, 1, ${MARKS_SQL}) AS first, highlight(users_fts, 2, ${MARKS_SQL}) AS last
     FROM users_fts WHERE users_fts MATCH :match AND users_fts.rowid < CAST(:before AS INTEGER)
     ORDER BY rank LIMIT +:limit`,
} as const;

/**
 * A query's statement with each marked column's own text instead of FTS5's marks (`columns`:
 * the SQL for column i of the index): a narrowed page's candidates are checked in JS when
 * their text is ASCII (ascii-snippet.ts), and only the others ask FTS5 (oneRow). A highlighted
 * column keeps its name; the snippet's column is the whole text, named `body`.
 */
export function plainText(sql: string, fts: string, columns: readonly string[]): string {
  const plain = columns.reduce(
    (out, column, i) =>
      out
        .replace(`highlight(${fts}, ${i}, ${MARKS_SQL})`, column)
        .replace(
          new RegExp(`snippet\\(${fts}, ${i}, .+?, '…', \\d+\\) AS snippet`),
          `${column} AS body`,
        ),
    sql,
  );
  if (plain.includes(`(${fts}, `)) throw new Error(`plainText: a marked column of ${fts} is left`);
  return plain;
}

/**
 * `select` (FTS5's highlight() or snippet() of the index's columns) for one row of a query:
 * what a row whose text is not ASCII is marked by, since only FTS5 knows how such text splits
 * and folds. Read for that row alone, not for every row of a page.
 */
export const oneRow = (fts: string, select: string): string =>
  `SELECT ${select} FROM ${fts} WHERE ${fts} MATCH :match AND ${fts}.rowid = CAST(:id AS INTEGER)`;

/** One row of a query (oneRow). */
type Marked = { match: string; id: number };

interface PostRow {
  id: number;
  title: string;
  snippet: string | null;
  created_at: string;
  author_id: number;
  nickname: string;
}
interface CommentRow extends Omit<PostRow, 'title'> {
  post_id: number;
  title: string;
}
/** A row of a plainText() statement: the snippet's column is the whole text. */
export type Plain<Row> = Omit<Row, 'snippet'> & { body: string };
interface PersonRow {
  id: number;
  nickname: string;
  first: string;
  last: string;
}

/** `narrow` (tests): whether to take the narrowed plan, instead of asking the probes. */
export function createSearchStore(db: Db, narrow?: (n: Narrow, limit: number) => boolean) {
  const posts = db.prepare<SearchPage, PostRow>(SEARCH_SQL.posts);
  const postsPlain = db.prepare<SearchPage, Plain<PostRow>>(
    plainText(SEARCH_SQL.posts, 'posts_fts', ['p.title', 'p.body']),
  );
  const postMarks = db.prepare<Marked, { title: string | null; body: string | null }>(
    oneRow(
      'posts_fts',
      `highlight(posts_fts, 0, ${MARKS_SQL}) AS title, highlight(posts_fts, 1, ${MARKS_SQL}) AS body`,
    ),
  );
  const comments = db.prepare<SearchPage, CommentRow>(SEARCH_SQL.comments);
  const commentsPlain = db.prepare<SearchPage, Plain<CommentRow>>(
    plainText(SEARCH_SQL.comments, 'comments_fts', ['c.body']),
  );
  const commentMarks = db
    .prepare<Marked, string | null>(
      oneRow('comments_fts', `highlight(comments_fts, 0, ${MARKS_SQL})`),
    )
    .pluck();
  const people = db.prepare<SearchPage, PersonRow>(SEARCH_SQL.people);
  // The probes' text (share()): what each index holds for a row, read from the table.
  const postsPay =
    narrow ??
    createNarrowProbe(
      createFtsProbe(
        db,
        'posts_fts',
        'posts',
        '',
        "SELECT title || ' ' || body FROM posts WHERE id = f.rowid",
      ),
      300,
    );
  const commentsPay =
    narrow ??
    createNarrowProbe(
      createFtsProbe(
        db,
        'comments_fts',
        'comments',
        '',
        'SELECT body FROM comments WHERE id = f.rowid',
      ),
      100,
    );
  const postHit = (r: Omit<PostRow, 'snippet'>, title: Highlighted, snippet: Highlighted) => ({
    id: r.id,
    title,
    snippet,
    author: { id: r.author_id, nickname: r.nickname },
    createdAt: r.created_at,
  });
  const commentHit = (r: Omit<CommentRow, 'snippet'>, snippet: Highlighted): CommentHit => ({
    id: r.id,
    postId: r.post_id,
    postTitle: r.title,
    snippet,
    author: { id: r.author_id, nickname: r.nickname },
    createdAt: r.created_at,
  });
  return {
    posts: (q: SearchPage): PostHit[] => {
      const exact = (before: number, limit: number) =>
        posts
          .all({ match: q.match, before, limit })
          .map((r) => postHit(r, parseMarked(r.title), parseMarked(r.snippet)));
      const narrow = q.narrow;
      if (!narrow || !postsPay(narrow, q.limit)) return exact(q.before, q.limit);
      const terms = termsOf(q.match);
      return narrowedPage(
        narrow,
        q,
        (match, before) => postsPlain.iterate({ match, before, limit: -1 }),
        (r) => {
          const [t, b] = [r.title, r.body];
          const ascii = asciiNarrowed([t, b], terms);
          if (ascii) {
            if (!ascii.prefixed) return null;
            const [inTitle, inBody] = ascii.tokens as [Token[], Token[]];
            return postHit(r, asciiHighlight(t, inTitle), asciiSnippet(b, inBody));
          }
          const marked = postMarks.get({ match: narrow.match, id: r.id });
          const title = keepMarks(parseMarked(marked?.title ?? null), narrow);
          const body = keepMarks(parseMarked(marked?.body ?? null), narrow);
          if (title === null || body === null) return undefined;
          if (!title.prefixed && !body.prefixed) return null;
          return postHit(r, title.kept, snippetOf(body.kept));
        },
        exact,
      );
    },
    comments: (q: SearchPage): CommentHit[] => {
      const exact = (before: number, limit: number) =>
        comments
          .all({ match: q.match, before, limit })
          .map((r) => commentHit(r, parseMarked(r.snippet)));
      const narrow = q.narrow;
      if (!narrow || !commentsPay(narrow, q.limit)) return exact(q.before, q.limit);
      const terms = termsOf(q.match);
      return narrowedPage(
        narrow,
        q,
        (match, before) => commentsPlain.iterate({ match, before, limit: -1 }),
        (r) => {
          const text = r.body;
          const ascii = asciiNarrowed([text], terms);
          if (ascii)
            return ascii.prefixed ? commentHit(r, asciiSnippet(text, ascii.tokens[0]!)) : null;
          const marked = commentMarks.get({ match: narrow.match, id: r.id }) ?? null;
          const body = keepMarks(parseMarked(marked), narrow);
          if (body === null) return undefined;
          return body.prefixed ? commentHit(r, snippetOf(body.kept)) : null;
        },
        exact,
      );
    },
    people: (q: SearchPage): PersonHit[] =>
      people.all({ match: q.match, before: q.before, limit: q.limit }).map((r) => ({
        id: r.id,
        nickname: parseMarked(r.nickname),
        name: joinMarked(parseMarked(r.first), parseMarked(r.last)),
      })),
  };
}
export type SearchStore = ReturnType<typeof createSearchStore>;
