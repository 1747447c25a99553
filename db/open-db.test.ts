import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, DatabaseOpenError, DEFAULT_BUSY_TIMEOUT_MS, openDb } from './open-db';
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
});
