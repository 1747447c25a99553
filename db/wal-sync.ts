import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Db } from './open-db';

/**
 * Durability for commits made with `synchronous = NORMAL`, off the event loop (the chat
 * group commit, server/live/group-commit.ts). In WAL mode a NORMAL commit writes its frames
 * to the `-wal` file and skips only the fsync that FULL would do at that moment; an
 * `fdatasync` of the `-wal` file afterwards flushes every frame written so far, commit frame
 * included, which is exactly what FULL's fsync would have flushed. So a batch that is
 * acknowledged only after `sync()` resolves is as durable as a FULL commit (db/README.md,
 * "Commits and fsync", gives the whole argument: WAL restarts, checkpoints, the file's
 * identity).
 *
 * The fd is opened on the `-wal` file once, after the first commit made it exist. SQLite
 * deletes that file only when the last connection closes (ours stays open while the server
 * runs, holding its shared lock) or leaves WAL mode (never here); a checkpoint's TRUNCATE
 * keeps the same file. `close()` before closing the database.
 */
export interface WalSync {
  /** Flushes the WAL to the disk on the libuv thread pool; resolves when it is durable. */
  sync(): Promise<void>;
  /** The same, now, on the calling thread (when something must be durable at once). */
  syncNow(): void;
  /** Runs `fn` (one write transaction) with `synchronous = NORMAL`, then back to FULL. */
  unsynced<T>(fn: () => T): T;
  close(): void;
}

/** The WAL syncer of a file database in WAL mode; null otherwise (`:memory:`, read-only). */
export function walSyncFor(db: Db): WalSync | null {
  if (db.memory || db.readonly) return null;
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  return new FileWalSync(db);
}

class FileWalSync implements WalSync {
  private fd: number | null = null;
  private readonly normal: Database.Statement;
  private readonly full: Database.Statement;

  constructor(private readonly db: Db) {
    // Prepared once: the group commit switches around every batch.
    this.normal = db.prepare('PRAGMA synchronous = NORMAL');
    this.full = db.prepare('PRAGMA synchronous = FULL');
  }

  unsynced<T>(fn: () => T): T {
    this.normal.run();
    try {
      return fn();
    } finally {
      this.full.run();
    }
  }

  sync(): Promise<void> {
    let fd: number;
    try {
      fd = this.open();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise((resolve, reject) => {
      fdatasync(fd, (err) => (err ? reject(err) : resolve()));
    });
  }

  syncNow(): void {
    fdatasyncSync(this.open());
  }

  close(): void {
    if (this.fd === null) return;
    // The caller made every batch durable first (GroupCommit.finish): no sync is pending.
    closeSync(this.fd);
    this.fd = null;
  }

  private open(): number {
    // r+: write access, which Windows' FlushFileBuffers requires; never creates nor truncates.
    this.fd ??= openSync(`${this.db.name}-wal`, 'r+');
    return this.fd;
  }
}
