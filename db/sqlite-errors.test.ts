import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from './open-db';
import {
  isConstraintViolation,
  isDatabaseBusy,
  isForeignKeyViolation,
  isUniqueViolation,
  sqliteCode,
} from './sqlite-errors';
import { tempDir } from './test-helpers';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** The error a statement throws, from a real database. */
function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the statement to fail');
}

describe('SQLite error classification', () => {
  const db = openDb(tmp.file('errors.db'));
  afterAll(() => db.close());
  db.exec(`CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
           CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER NOT NULL REFERENCES p (id)) STRICT;
           INSERT INTO p (id, name) VALUES (1, 'a');`);

  it('tells a unique violation, a foreign key violation and other constraints apart', () => {
    const unique = errorOf(() => db.prepare("INSERT INTO p (name) VALUES ('a')").run());
    const primary = errorOf(() => db.prepare("INSERT INTO p (id, name) VALUES (1, 'b')").run());
    const foreign = errorOf(() => db.prepare('INSERT INTO c (p_id) VALUES (99)').run());
    const notNull = errorOf(() => db.prepare('INSERT INTO p (name) VALUES (NULL)').run());
    expect(sqliteCode(unique)).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect([unique, primary, foreign, notNull].map(isConstraintViolation)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([unique, primary, foreign, notNull].map(isUniqueViolation)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([unique, primary, foreign, notNull].map(isForeignKeyViolation)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    expect([unique, foreign].map(isDatabaseBusy)).toEqual([false, false]);
  });

  it('answers false for anything that is not a SQLite error', () => {
    for (const err of [
      new Error('x'),
      null,
      undefined,
      'SQLITE_BUSY',
      { code: 'ENOENT' },
      { code: 7 },
    ]) {
      expect(sqliteCode(err)).toBe('');
      expect(isDatabaseBusy(err)).toBe(false);
      expect(isConstraintViolation(err)).toBe(false);
    }
    expect(isDatabaseBusy({ code: 'SQLITE_BUSY_SNAPSHOT' })).toBe(true);
  });
});
