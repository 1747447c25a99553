import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate, MigrationError, type Migration } from './migrate';
import { MIGRATIONS } from './migrations/index';
import { openDb } from './open-db';
import { tempDir } from './test-helpers';

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const freshDb = () => openDb(tmp.file(`m${++n}.db`));
const version = (db: ReturnType<typeof openDb>) => db.pragma('user_version', { simple: true });
const tableNames = (db: ReturnType<typeof openDb>) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

describe('migrate', () => {
  it('builds an empty database up to the latest version and seeds the categories', () => {
    const db = freshDb();
    const result = migrate(db);
    expect(result).toEqual({
      from: 0,
      to: MIGRATIONS.length,
      applied: MIGRATIONS.map((m) => m.version),
    });
    expect(version(db)).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT name FROM categories ORDER BY id').pluck().all()).toEqual([
      'General',
      'Sport',
      'Music',
      'Movies',
      'Science',
      'Politics',
      'Culture',
      'Technology',
    ]);
    db.close();
  });

  it('is idempotent: a second run applies nothing', () => {
    const db = freshDb();
    migrate(db);
    expect(migrate(db).applied).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM categories').pluck().get()).toBe(8);
    db.close();
  });

  it('upgrades a database from an older schema version and keeps its data', () => {
    const path = tmp.file('older.db');
    const old = openDb(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    old
      .prepare(
        `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
         VALUES ('alice', 'a@example.com', 'x', 'Alice', 'A', 30, 'female', '2024-01-01T00:00:00.000Z')`,
      )
      .run();
    old.close();

    const m002: Migration = {
      version: MIGRATIONS.length + 1,
      // A column no real migration adds (009 adds the real `bio`).
      name: 'user motto',
      up: "ALTER TABLE users ADD COLUMN motto TEXT NOT NULL DEFAULT '';",
    };
    const db = openDb(path);
    const result = migrate(db, [...MIGRATIONS, m002]);
    expect(result.from).toBe(1);
    expect(result.applied).toEqual([...MIGRATIONS.slice(1), m002].map((m) => m.version));
    expect(version(db)).toBe(m002.version);
    expect(db.prepare('SELECT nickname, motto FROM users').get()).toEqual({
      nickname: 'alice',
      motto: '',
    });
    db.close();
  });

  it('runs function migrations too', () => {
    const db = freshDb();
    migrate(db);
    const m002: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'rename General',
      up: (d) => d.prepare("UPDATE categories SET name = 'Lobby' WHERE id = 1").run(),
    };
    migrate(db, [...MIGRATIONS, m002]);
    expect(db.prepare('SELECT name FROM categories WHERE id = 1').pluck().get()).toBe('Lobby');
    db.close();
  });

  it('rolls everything back when a migration fails', () => {
    const db = freshDb();
    const good: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'good',
      up: 'CREATE TABLE extra (x INTEGER) STRICT;',
    };
    const bad: Migration = {
      version: MIGRATIONS.length + 2,
      name: 'bad',
      up: 'CREATE TABLE oops (;',
    };
    expect(() => migrate(db, [...MIGRATIONS, good, bad])).toThrow(MigrationError);
    expect(() => migrate(db, [...MIGRATIONS, good, bad])).toThrow(
      new RegExp(
        `Migration ${bad.version} \\(bad\\) failed on .*: .*syntax error.*Nothing was changed\\.`,
      ),
    );
    expect(version(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer Hearth', () => {
    const path = tmp.file('newer.db');
    const db = openDb(path);
    migrate(db);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    expect(() => migrate(db)).toThrow(DatabaseTooNewError);
    expect(() => migrate(db)).toThrow(
      `The database ${path} has schema version ${MIGRATIONS.length + 5}, but this version of Hearth only understands up to version ${MIGRATIONS.length}.`,
    );
    expect(version(db)).toBe(MIGRATIONS.length + 5);
    db.close();
  });

  it('rejects a migration list with a gap', () => {
    const db = freshDb();
    const gap: Migration = { version: MIGRATIONS.length + 2, name: 'gap', up: '' };
    expect(() => migrate(db, [...MIGRATIONS, gap])).toThrow(/out of order/);
    db.close();
  });
});
