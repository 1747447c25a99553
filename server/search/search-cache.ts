import type { SearchKind } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { SearchRequest } from '../services/search.service';
import { toSearchQuery } from '../services/search-query';
import { NOT_ASCII, termsOf } from '../store/ascii-snippet';

/** A one-column, one-row read by rowid. */
function pluckOne(db: Db, sql: string): (rowid: number) => string | undefined {
  const statement = db.prepare<[number], string>(sql).pluck();
  return (rowid) => statement.get(rowid);
}

type SharedKind = 'posts' | 'comments' | 'people';

/**
 * Which writes change which kind's hits: a trigger per line (`when` is its SQL event), and
 * the kinds it makes searched anew. A comment's hit shows its post's title and hides with
 * its post; every hit shows its author's nickname. A new post has no comments yet.
 */
const WATCHED: readonly { table: string; when: string; kinds: readonly SharedKind[] }[] = [
  { table: 'posts', when: 'UPDATE OF body, author_id', kinds: ['posts'] },
  { table: 'posts', when: 'UPDATE OF title, deleted_at', kinds: ['posts', 'comments'] },
  { table: 'posts', when: 'DELETE', kinds: ['posts', 'comments'] },
  {
    table: 'comments',
    when: 'UPDATE OF body, deleted_at, post_id, author_id',
    kinds: ['comments'],
  },
  { table: 'comments', when: 'DELETE', kinds: ['comments'] },
  { table: 'users', when: 'INSERT', kinds: ['people'] },
  { table: 'users', when: 'UPDATE OF first_name, last_name', kinds: ['people'] },
  { table: 'users', when: 'UPDATE OF nickname', kinds: ['posts', 'comments', 'people'] },
  { table: 'users', when: 'DELETE', kinds: ['posts', 'comments', 'people'] },
];
const SHARED_KINDS: readonly SharedKind[] = ['posts', 'comments', 'people'];

/**
 * A new post or comment changes a kept group of its kind only if it matches the group's
 * query (posts and comments come newest first: a row that does not match moves nothing; people
 * come by rank, which every new person moves, so a new person is a change as above). So an
 * insert is not a change: it is remembered (its rowid), and a kept group that meets inserts
 * newer than itself checks their text against its query's words (`text`: the SQL for a row's
 * text) before it is given; a match, or text it cannot be sure of, searches anew.
 */
type InsertedKind = 'posts' | 'comments';
const INSERTED: Record<InsertedKind, { text: string }> = {
  posts: {
    text: `SELECT coalesce(title, '') || char(10) || coalesce(body, '') FROM posts WHERE rowid = +?`,
  },
  comments: { text: "SELECT coalesce(body, '') FROM comments WHERE rowid = +?" },
};
const inserted = (kind: SearchKind): kind is InsertedKind =>
  kind === 'posts' || kind === 'comments';
/** Inserts a kept group checks at most; past them it is searched anew. */
const MAX_CHECKED = 16;

/** A kept group: its JSON text, and how many inserts of its kind it has been checked against. */
interface Kept {
  json: string;
  inserts: number;
}

/**
 * Whether any of `texts` may match `match` (an FTS5 query of toSearchQuery's: quoted words,
 * the last maybe a prefix, all of them wanted): for ASCII text and words unicode61 splits at
 * what is not a letter or digit and folds by lower case (ascii-snippet.ts), so the answer is
 * FTS5's; anything else may match.
 */
export function mayMatch(texts: readonly (string | undefined)[], match: string): boolean {
  const terms = termsOf(match);
  if (terms.length === 0 || terms.some((t) => !/^[a-z0-9]+$/.test(t.word))) return true;
  return texts.some((text) => {
    if (text === undefined) return false; // rolled back, or gone: an epoch change if deleted
    if (NOT_ASCII.test(text)) return true;
    const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    return terms.every((t) => words.some((w) => (t.prefix ? w.startsWith(t.word) : w === t.word)));
  });
}

/** Cached text at most (UTF-16 code units, about bytes): the oldest entries go first. */
const MAX_CHARS = 8_000_000;

/**
 * The posts, comments and people of a search are the same for everyone, so their groups
 * (as JSON text) are kept until something they are made of changes; messages depend on who
 * searches and are never kept. What changes them is known exactly, not guessed from events:
 * TEMP triggers on the server's own connection (they live and die with it; the file's
 * schema is untouched) call back here when a post, comment or person's searchable columns
 * are written, inside the write's own transaction, and count a change of the kinds it
 * touches (WATCHED: a new comment leaves the kept posts and people alone; a chat message
 * touches none); `PRAGMA data_version` moves when another program (an admin's sqlite3)
 * commits, and counts as a change of every kind.
 *
 * A search reads the versions before it asks a thread, and a group is kept only if its
 * kind's version has not moved since: the thread read at least everything committed by
 * then, and the event loop runs each write transaction from BEGIN to COMMIT in one go, so
 * no group is ever kept under a version that its rows predate.
 */
export class SearchCache {
  private readonly epochs: Record<SharedKind, number> = { posts: 0, comments: 0, people: 0 };
  private readonly dataVersion: () => number;
  private readonly kept = new Map<SharedKind, { version: string; entries: Map<string, Kept> }>();
  /** Per kind: inserts so far, and the rowids of the last MAX_CHECKED. */
  private readonly inserts: Record<InsertedKind, { count: number; ids: number[] }> = {
    posts: { count: 0, ids: [] },
    comments: { count: 0, ids: [] },
  };
  private readonly textOf: Record<InsertedKind, (rowid: number) => string | undefined>;
  private chars = 0;
  private lastData = 0;
  hits = 0;
  misses = 0;

  /** Entries kept now (tests). */
  get size(): number {
    let n = 0;
    for (const { entries } of this.kept.values()) n += entries.size;
    return n;
  }

  constructor(
    db: Db,
    private readonly maxChars = MAX_CHARS,
  ) {
    db.function('hearth_search_changed', { deterministic: false }, (kinds: unknown) => {
      for (const kind of String(kinds).split(' ') as SharedKind[]) this.epochs[kind]++;
      return null;
    });
    WATCHED.forEach(({ table, when, kinds }, i) => {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS search_cache_${table}_${i} AFTER ${when}
        ON main.${table} BEGIN SELECT hearth_search_changed('${kinds.join(' ')}'); END`);
    });
    db.function(
      'hearth_search_inserted',
      { deterministic: false },
      (kind: unknown, rowid: unknown) => {
        const at = this.inserts[String(kind) as InsertedKind];
        at.count++;
        at.ids.push(Number(rowid));
        if (at.ids.length > MAX_CHECKED) at.ids.shift();
        return null;
      },
    );
    for (const kind of ['posts', 'comments'] as const) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS search_cache_${kind}_insert AFTER INSERT
        ON main.${kind} BEGIN SELECT hearth_search_inserted('${kind}', new.rowid); END`);
    }
    this.textOf = {
      posts: pluckOne(db, INSERTED.posts.text),
      comments: pluckOne(db, INSERTED.comments.text),
    };
    const version = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.dataVersion = () => version.get() ?? 0;
  }

  /** Read before a search starts; a kind's kept groups are valid while its version stays. */
  versions(): Record<SharedKind, string> {
    this.lastData = this.dataVersion();
    return this.latest();
  }

  /**
   * The versions after a search, for set()'s `now`, without asking SQLite again (a
   * `PRAGMA data_version` starts a read transaction: ~7 µs of the event loop's per search).
   * Another program's commit that no versions() has read yet is missed here, and that is
   * safe: the group is then kept under a version no search can be given any more, since the
   * next versions() reads the new data_version (and drops what was kept under the old one).
   */
  latest(): Record<SharedKind, string> {
    const data = this.lastData;
    return {
      posts: `${this.epochs.posts}:${data}`,
      comments: `${this.epochs.comments}:${data}`,
      people: `${this.epochs.people}:${data}`,
    };
  }

  /** How many posts or comments have been inserted so far (read with versions(), for set()). */
  insertsOf(kind: SearchKind): number {
    return inserted(kind) ? this.inserts[kind].count : 0;
  }

  /** `match`: the key's FTS5 query, which the inserts since the group was kept are checked on. */
  get(kind: SharedKind, version: string, key: string, match: string): string | undefined {
    const entries = this.entriesAt(kind, version);
    const hit = entries.get(key);
    if (hit !== undefined && inserted(kind) && hit.inserts !== this.inserts[kind].count) {
      const { count, ids } = this.inserts[kind];
      const since = count - hit.inserts;
      if (since > ids.length || mayMatch(ids.slice(-since).map(this.textOf[kind]), match)) {
        entries.delete(key);
        this.chars -= key.length + hit.json.length;
        this.misses++;
        return undefined;
      }
      hit.inserts = count;
    }
    if (hit === undefined) this.misses++;
    else this.hits++;
    return hit?.json;
  }

  /**
   * `now`: versions() read after the search (one read for all the kinds of a request);
   * `inserts`: insertsOf(kind) read with the versions before it (an insert while it ran is
   * then checked like any later one).
   */
  set(
    kind: SharedKind,
    version: string,
    now: string,
    key: string,
    json: string,
    inserts: number,
  ): void {
    // Searched before a change committed: its rows may predate it.
    if (version !== now) return;
    const entries = this.entriesAt(kind, version);
    if (entries.has(key)) return;
    entries.set(key, { json, inserts });
    this.chars += key.length + json.length;
    for (const k of SHARED_KINDS) {
      for (const [oldest, value] of this.kept.get(k)?.entries ?? []) {
        if (this.chars <= this.maxChars) return;
        this.kept.get(k)!.entries.delete(oldest);
        this.chars -= oldest.length + value.json.length;
      }
    }
  }

  private entriesAt(kind: SharedKind, version: string): Map<string, Kept> {
    const kept = this.kept.get(kind);
    if (kept?.version === version) return kept.entries;
    for (const [key, value] of kept?.entries ?? []) this.chars -= key.length + value.json.length;
    const entries = new Map<string, Kept>();
    this.kept.set(kind, { version, entries });
    return entries;
  }
}

/** Whether a kind's group is the same for every searcher (and so kept). */
export const shared = (kind: SearchKind): kind is SharedKind => kind !== 'messages';

/** What makes a kept group: the kind, all-kinds or a page, the cursor, the FTS5 query. */
export function cacheKey(kind: SearchKind, req: SearchRequest, match: string): string {
  const before = kind === 'people' ? '' : (req.before ?? '');
  return `${kind}|${req.kind ? 'page' : 'all'}|${before}|${match}`;
}

/** The FTS5 query of a request, as cacheKey takes it (the same words, the same key). */
export const matchOf = (req: SearchRequest): string => toSearchQuery(req.q)?.match ?? '';
