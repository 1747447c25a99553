import type { SearchKind } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { SearchRequest } from '../services/search.service';
import { toSearchQuery } from '../services/search-query';

/** The tables and columns whose changes can change a post, comment or person hit. */
const WATCHED: readonly { table: string; columns: string }[] = [
  { table: 'posts', columns: 'title, body, deleted_at, author_id' },
  { table: 'comments', columns: 'body, deleted_at, post_id, author_id' },
  { table: 'users', columns: 'nickname, first_name, last_name' },
];

/** Cached text at most (UTF-16 code units, about bytes): the oldest entries go first. */
const MAX_CHARS = 8_000_000;

/**
 * The posts, comments and people of a search are the same for everyone, so their groups
 * (as JSON text) are kept until something they are made of changes; messages depend on who
 * searches and are never kept. What changes them is known exactly, not guessed from events:
 * TEMP triggers on the server's own connection (they live and die with it; the file's
 * schema is untouched) call back here when a post, comment or person's searchable columns
 * are written, inside the write's own transaction, and `PRAGMA data_version` moves when
 * another program (an admin's sqlite3) commits. Either one empties the cache.
 *
 * A search reads the version before it asks a thread, and its groups are kept only if the
 * version has not moved since: the thread read at least everything committed by then, and
 * the event loop runs each write transaction from BEGIN to COMMIT in one go, so no search is
 * ever kept under a version that its rows predate.
 */
export class SearchCache {
  private epoch = 0;
  private readonly dataVersion: () => number;
  private readonly entries = new Map<string, string>();
  private chars = 0;
  private keptAt = '';
  hits = 0;
  misses = 0;

  /** Entries kept now (tests). */
  get size(): number {
    return this.entries.size;
  }

  constructor(
    db: Db,
    private readonly maxChars = MAX_CHARS,
  ) {
    db.function('hearth_search_changed', { deterministic: false, varargs: false }, () => {
      this.epoch++;
      return null;
    });
    for (const { table, columns } of WATCHED) {
      const call = 'BEGIN SELECT hearth_search_changed(); END';
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS search_cache_${table}_insert AFTER INSERT ON main.${table} ${call};
        CREATE TEMP TRIGGER IF NOT EXISTS search_cache_${table}_delete AFTER DELETE ON main.${table} ${call};
        CREATE TEMP TRIGGER IF NOT EXISTS search_cache_${table}_update AFTER UPDATE OF ${columns} ON main.${table} ${call};`);
    }
    const version = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.dataVersion = () => version.get() ?? 0;
  }

  /** Read before a search starts; kept groups are valid only while it stays the same. */
  version(): string {
    return `${this.epoch}:${this.dataVersion()}`;
  }

  get(version: string, key: string): string | undefined {
    this.moveTo(version);
    const hit = this.entries.get(key);
    if (hit === undefined) this.misses++;
    else this.hits++;
    return hit;
  }

  set(version: string, key: string, json: string): void {
    // Searched before a change committed: its rows may predate it.
    if (version !== this.version()) return;
    this.moveTo(version);
    if (this.entries.has(key)) return;
    this.entries.set(key, json);
    this.chars += key.length + json.length;
    for (const [oldest, value] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= oldest.length + value.length;
    }
  }

  private moveTo(version: string): void {
    if (version === this.keptAt) return;
    this.entries.clear();
    this.chars = 0;
    this.keptAt = version;
  }
}

/** Whether a kind's group is the same for every searcher (and so kept). */
export const shared = (kind: SearchKind): boolean => kind !== 'messages';

/** What makes a kept group: the kind, all-kinds or a page, the cursor, the FTS5 query. */
export function cacheKey(kind: SearchKind, req: SearchRequest): string {
  const before = kind === 'people' ? '' : (req.before ?? '');
  return `${kind}|${req.kind ? 'page' : 'all'}|${before}|${toSearchQuery(req.q)?.match ?? ''}`;
}
