import type { SearchKind } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { SearchRequest } from '../services/search.service';
import { toSearchQuery } from '../services/search-query';
import { asciiWords, NOT_ASCII, termsOf } from '../store/ascii-snippet';

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
 * insert is not a change: its words are remembered (`text`: its text, as the trigger gives
 * it), and a kept group that meets inserts newer than itself checks them against its query's
 * words before it is given; a match, or text it cannot be sure of, searches anew.
 */
type InsertedKind = 'posts' | 'comments';
const INSERTED: Record<InsertedKind, { text: string }> = {
  posts: { text: `coalesce(new.title, '') || char(10) || coalesce(new.body, '')` },
  comments: { text: `coalesce(new.body, '')` },
};
const inserted = (kind: SearchKind): kind is InsertedKind =>
  kind === 'posts' || kind === 'comments';
/** Inserts remembered per kind; a group kept before more of them is searched anew. */
const MAX_CHECKED = 256;

/** An insert's words and their prefixes, folded; null when its text is not ASCII. */
export interface InsertedWords {
  whole: Set<string>;
  prefixes: Set<string>;
}

/**
 * For ASCII text these are the words FTS5 indexed (ascii-snippet.ts asciiWords); other text:
 * null (anything may match it).
 */
export function wordsOf(text: string): InsertedWords | null {
  if (NOT_ASCII.test(text)) return null;
  const whole = new Set(asciiWords(text));
  const prefixes = new Set<string>();
  for (const w of whole) for (let i = 1; i <= w.length; i++) prefixes.add(w.slice(0, i));
  return { whole, prefixes };
}

/**
 * Whether any of `inserts` may match `match` (an FTS5 query of toSearchQuery's: quoted words,
 * the last maybe a prefix, all of them wanted): FTS5's answer for ASCII words and text,
 * "maybe" for anything else.
 */
export function mayMatch(inserts: readonly (InsertedWords | null)[], match: string): boolean {
  const terms = termsOf(match);
  if (terms.length === 0 || terms.some((t) => !/^[a-z0-9]+$/.test(t.word))) return true;
  return inserts.some(
    (w) => w === null || terms.every((t) => (t.prefix ? w.prefixes : w.whole).has(t.word)),
  );
}

/** A kept group: its JSON text, and how many inserts of its kind it has been checked against. */
interface Kept {
  json: string;
  inserts: number;
  /** When it was last given or kept (a counter): the least recently used go first. */
  used: number;
}

/** Cached text at most (UTF-16 code units, about bytes): the least recently used go first. */
const MAX_CHARS = 8_000_000;

/**
 * The posts, comments and people of a search are the same for everyone, so their groups
 * (as JSON text) are kept until something they are made of changes; messages depend on who
 * searches and are never kept. What changes them is known exactly, not guessed from events:
 * TEMP triggers on the server's own connection (they live and die with it; the file's
 * schema is untouched) call back here when a post, comment or person's searchable columns
 * are written, inside the write's own transaction, and count a change of the kinds it
 * touches (WATCHED: a new title changes posts and comments; a chat message touches none);
 * a new post or comment is checked against each kept group of its kind instead (INSERTED);
 * `PRAGMA data_version` moves when another program (an admin's sqlite3) commits, and counts
 * as a change of every kind.
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
  /** Per kind: inserts so far, and the words of the last MAX_CHECKED. */
  private readonly inserts: Record<
    InsertedKind,
    { count: number; words: (InsertedWords | null)[] }
  > = {
    posts: { count: 0, words: [] },
    comments: { count: 0, words: [] },
  };
  private chars = 0;
  private clock = 0;
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
    // Inside the write's transaction: an insert rolled back after it only costs a search.
    db.function(
      'hearth_search_inserted',
      { deterministic: false },
      (kind: unknown, text: unknown) => {
        const at = this.inserts[String(kind) as InsertedKind];
        at.count++;
        at.words.push(wordsOf(String(text)));
        if (at.words.length > MAX_CHECKED) at.words.shift();
        return null;
      },
    );
    for (const kind of ['posts', 'comments'] as const) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS search_cache_${kind}_insert AFTER INSERT
        ON main.${kind} BEGIN SELECT hearth_search_inserted('${kind}', ${INSERTED[kind].text}); END`);
    }
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
      const { count, words } = this.inserts[kind];
      const since = count - hit.inserts;
      if (since > words.length || mayMatch(words.slice(-since), match)) {
        entries.delete(key);
        this.chars -= key.length + hit.json.length;
        this.misses++;
        return undefined;
      }
      hit.inserts = count;
    }
    if (hit === undefined) {
      this.misses++;
      return undefined;
    }
    // The most recently used go last, so the oldest evicted are the least used (a common
    // word's group stays while rare queries come and go).
    entries.delete(key);
    entries.set(key, hit);
    hit.used = ++this.clock;
    this.hits++;
    return hit.json;
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
    entries.set(key, { json, inserts, used: ++this.clock });
    this.chars += key.length + json.length;
    // Each kind's map is in order of use (get() moves a group given to its end): the least
    // recently used of all is the first of one of them.
    while (this.chars > this.maxChars) {
      let lru: Map<string, Kept> | null = null;
      let first: [string, Kept] | undefined;
      for (const k of SHARED_KINDS) {
        const e = this.kept.get(k)?.entries;
        const head = e?.entries().next().value;
        if (head && (!first || head[1].used < first[1].used)) [lru, first] = [e!, head];
      }
      if (!lru || !first) return;
      lru.delete(first[0]);
      this.chars -= first[0].length + first[1].json.length;
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
