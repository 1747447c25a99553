import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeDb,
  DatabaseOpenError,
  DEFAULT_BUSY_TIMEOUT_MS,
  openDb,
  withBusyTimeout,
} from './open-db';
import { isDatabaseBusy } from './sqlite-errors';
import { tempDir } from './test-helpers';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('openDb', () => {
  it('opens a file in WAL mode with foreign keys, FULL sync and a busy timeout', () => {
    const db = openDb(tmp.file('a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // 2 = FULL: every commit is fsynced before it returns (see docs/operations.md).
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // Short: every statement runs on the server's event loop (see DEFAULT_BUSY_TIMEOUT_MS).
    expect(db.pragma('busy_timeout', { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS);
    expect(DEFAULT_BUSY_TIMEOUT_MS).toBeLessThanOrEqual(250);
    closeDb(db);
    expect(db.open).toBe(false);
  });

  it('keeps statement and savepoint journals in memory, and TEMP triggers made after open', () => {
    const db = openDb(tmp.file('temp-store.db'));
    // 2 = MEMORY: no write() of a temporary file per statement (see openDb).
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    db.exec('CREATE TABLE t (x INTEGER); CREATE TABLE seen (x INTEGER)');
    db.exec('CREATE TEMP TRIGGER t_seen AFTER INSERT ON main.t BEGIN INSERT INTO seen VALUES (new.x); END');
    db.transaction(() => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      // A grouped write's savepoint, rolled back alone from its in-memory journal.
      try {
        db.transaction(() => {
          db.prepare('INSERT INTO t VALUES (2)').run();
          throw new Error('this one fails');
        })();
      } catch {
        // expected
      }
    })();
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual([1]);
    expect(db.prepare('SELECT x FROM seen').pluck().all()).toEqual([1]);
    closeDb(db);
  });

  it('refuses a file that is not a SQLite database with a clear error', () => {
    const path = tmp.file('not-a-db.db');
    writeFileSync(path, 'hello, I am a text file and certainly not SQLite '.repeat(100));
    expect(() => openDb(path)).toThrow(DatabaseOpenError);
    expect(() => openDb(path)).toThrow(
      /Could not open the database .*not-a-db\.db: file is not a database/,
    );
  });

  it('closeDb checkpoints the WAL into the main file', () => {
    const path = tmp.file('b.db');
    const db = openDb(path);
    db.exec('CREATE TABLE t (v TEXT) STRICT');
    db.prepare('INSERT INTO t (v) VALUES (?)').run('kept');
    closeDb(db);
    const reopened = openDb(path, { readonly: true });
    expect(reopened.prepare('SELECT v FROM t').pluck().get()).toBe('kept');
    reopened.close();
  });

  it('a write lock held by another connection fails a write fast with SQLITE_BUSY (isDatabaseBusy)', () => {
    const path = tmp.file('locked.db');
    const db = openDb(path);
    db.exec('CREATE TABLE t (v TEXT) STRICT');
    const admin = openDb(path); // like an admin's sqlite3 in BEGIN IMMEDIATE
    admin.exec('BEGIN IMMEDIATE');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const started = performance.now();
    let err: unknown;
    try {
      insert.run('blocked');
    } catch (e) {
      err = e;
    }
    // About DEFAULT_BUSY_TIMEOUT_MS; far from the 5 s it used to block the event loop.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(isDatabaseBusy(err)).toBe(true);
    expect(isDatabaseBusy(new Error('other'))).toBe(false);
    expect(isDatabaseBusy({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })).toBe(false);

    // withBusyTimeout: another wait for one call, then the connection's own again.
    expect(() => withBusyTimeout(db, 0, () => insert.run('still blocked'))).toThrow(
      /database is locked/,
    );
    expect(db.pragma('busy_timeout', { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS);
    admin.exec('ROLLBACK');
    expect(withBusyTimeout(db, 10, () => insert.run('stored').changes)).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS);
    closeDb(admin);
    closeDb(db);
  });
});
