import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * How long a statement waits for another connection's lock before SQLITE_BUSY, by default.
 * The server runs every statement on its event loop, so this wait blocks everything else
 * (heartbeats, every other request): it must stay short. 100 ms rides out an admin's quick
 * `sqlite3` UPDATE; a longer lock makes writes fail fast with SQLITE_BUSY (REST answers 503
 * UNAVAILABLE, chat writes wait in memory and retry from a timer; docs/operations.md).
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 100;

export interface OpenDbOptions {
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /**
   * Path to a better-sqlite3 `.node` binary built for this runtime's ABI, when it is not the
   * one in node_modules (the desktop app ships one built for Electron).
   */
  nativeBinding?: string;
}

export class DatabaseOpenError extends Error {
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Could not open the database ${file}: ${reason}`, { cause });
    this.name = 'DatabaseOpenError';
  }
}

/**
 * Opens (creating if needed) the forum database with the settings Hearth relies on:
 * - WAL, so readers never block the writer and a crash cannot corrupt the file;
 * - synchronous=FULL: every commit is fsynced to the WAL before the API acknowledges it,
 *   so an acknowledged write survives kill -9 *and* power loss (NORMAL would survive only a
 *   process crash). Measured here: about 0.2 ms per commit, cheap for a forum;
 * - foreign_keys=ON (off by default in SQLite) and a short busy timeout for an admin's
 *   sqlite3 (DEFAULT_BUSY_TIMEOUT_MS);
 * - a 256 MB memory map and a 32 MB page cache for reads;
 * - statement and savepoint journals (and TEMP objects) in memory.
 */
export function openDb(file: string, options: OpenDbOptions = {}): Db {
  let db: Db | undefined;
  try {
    const readonly = options.readonly ?? false;
    db = new Database(file, {
      readonly,
      fileMustExist: readonly,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    db.pragma(`busy_timeout = ${busyTimeout(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal' && file !== ':memory:') {
        throw new Error(`the file system refused WAL mode (got "${String(mode)}")`);
      }
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted text (a deleted post, comment or message; purged revisions) is overwritten
    // with zeros, not left in free pages of the file where a disk reader could find it.
    db.pragma('secure_delete = ON');
    // Reads come straight from the OS page cache through a memory map (no read() call per
    // page), and SQLite keeps up to 32 MB of pages itself: random feed pages of a large
    // forum stay cheap. Both are upper bounds, not allocations.
    db.pragma('mmap_size = 268435456');
    db.pragma('cache_size = -32000');
    // Statement and savepoint journals in memory, not in a temporary file: every statement
    // with triggers and every grouped write (a savepoint each, events/outbox.ts) copies the
    // pages it changes there first, and the file's write() calls cost a REST comment ~90 µs
    // of CPU (bench/README.md, issue 15 fifth pass). Set here, at open: changing it later
    // drops the connection's TEMP triggers (search/search-cache.ts).
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (err) {
    db?.close();
    throw new DatabaseOpenError(file, err);
  }
}

const busyTimeout = (ms: number): number => Math.max(0, Math.trunc(ms));

/**
 * Runs `fn` with another busy timeout on this connection, then restores the previous one.
 * A caller that can retry later from a timer (the chat group commit) waits less on the
 * event loop than one that must answer now.
 */
export function withBusyTimeout<T>(db: Db, ms: number, fn: () => T): T {
  const pragmas = busyPragmas(db);
  const previous = pragmas.read.get() as number;
  pragmas.set(busyTimeout(ms)).run();
  try {
    return fn();
  } finally {
    pragmas.set(previous).run();
  }
}

interface BusyPragmas {
  read: Database.Statement<[], number>;
  set(ms: number): Database.Statement<[], unknown>;
}

/**
 * Prepared once per connection: the chat group commit switches the timeout around every
 * commit, and `db.pragma()` compiles its statement each time (~5× the cost).
 */
const busyStatements = new WeakMap<Db, BusyPragmas>();
function busyPragmas(db: Db): BusyPragmas {
  let found = busyStatements.get(db);
  if (!found) {
    const setters = new Map<number, Database.Statement<[], unknown>>();
    found = {
      read: db.prepare<[], number>('PRAGMA busy_timeout').pluck(),
      set: (ms) => {
        let stmt = setters.get(ms);
        if (!stmt) setters.set(ms, (stmt = db.prepare<[], unknown>(`PRAGMA busy_timeout = ${ms}`)));
        return stmt;
      },
    };
    busyStatements.set(db, found);
  }
  return found;
}

/** Folds the WAL back into the main file, then closes: leaves one tidy file for backups. */
export function closeDb(db: Db): void {
  if (!db.open) return;
  if (!db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
