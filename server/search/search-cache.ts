import type { SearchKind } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { SearchRequest } from '../services/search.service';
import { toSearchQuery } from '../services/search-query';

type SharedKind = 'posts' | 'comments' | 'people';

/**
 * Which writes change which kind's hits: a trigger per line (`when` is its SQL event), and
 * the kinds it makes searched anew. A comment's hit shows its post's title and hides with
 * its post; every hit shows its author's nickname. A new post has no comments yet.
 */
const WATCHED: readonly { table: string; when: string; kinds: readonly SharedKind[] }[] = [
  { table: 'posts', when: 'INSERT', kinds: ['posts'] },
  { table: 'posts', when: 'UPDATE OF body, author_id', kinds: ['posts'] },
  { table: 'posts', when: 'UPDATE OF title, deleted_at', kinds: ['posts', 'comments'] },
  { table: 'posts', when: 'DELETE', kinds: ['posts', 'comments'] },
  { table: 'comments', when: 'INSERT', kinds: ['comments'] },
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
  private readonly kept = new Map<SharedKind, { version: string; entries: Map<string, string> }>();
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

  get(kind: SharedKind, version: string, key: string): string | undefined {
    const hit = this.entriesAt(kind, version).get(key);
    if (hit === undefined) this.misses++;
    else this.hits++;
    return hit;
  }

  /** `now`: versions() read after the search (one read for all the kinds of a request). */
  set(kind: SharedKind, version: string, now: string, key: string, json: string): void {
    // Searched before a change committed: its rows may predate it.
    if (version !== now) return;
    const entries = this.entriesAt(kind, version);
    if (entries.has(key)) return;
    entries.set(key, json);
    this.chars += key.length + json.length;
    for (const k of SHARED_KINDS) {
      for (const [oldest, value] of this.kept.get(k)?.entries ?? []) {
        if (this.chars <= this.maxChars) return;
        this.kept.get(k)!.entries.delete(oldest);
        this.chars -= oldest.length + value.length;
      }
    }
  }

  private entriesAt(kind: SharedKind, version: string): Map<string, string> {
    const kept = this.kept.get(kind);
    if (kept?.version === version) return kept.entries;
    for (const [key, value] of kept?.entries ?? []) this.chars -= key.length + value.length;
    const entries = new Map<string, string>();
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
