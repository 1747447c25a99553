/**
 * Migrations 012 (search) and 013 (reactions) on a forum in use: a version-9 database built
 * by the real migrations and filled with posts, comments, messages and people (some
 * deleted) gets indexes that find what is there and nothing deleted, sound by FTS5's own
 * integrity check; later writes keep them in step; no row changes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { tempDir } from '../db/test-helpers';

const tmp = tempDir();
afterAll(() => tmp.remove());

const AT = '2024-05-01T10:00:00.000Z';

function fillVersion9(db: Db): void {
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 9),
  );
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, 'x', ?, ?, 30, 'other', ?)`,
  );
  user.run(1, 'renée', 'r@example.com', 'Renée', 'Lefèvre', AT);
  user.run(2, 'marcus', 'm@example.com', 'Marcus', 'Holm', AT);
  const post = db.prepare(
    `INSERT INTO posts (id, author_id, title, body, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  post.run(1, 1, 'Garden party', 'Bring lemonade and chairs', AT, null);
  post.run(2, 2, '', '', AT, AT); // deleted: its text emptied (007)
  db.prepare(`INSERT INTO post_categories (post_id, category_id) VALUES (1, 1), (2, 1)`).run();
  const comment = db.prepare(
    `INSERT INTO comments (id, post_id, author_id, body, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  comment.run(1, 1, 2, 'I will bring the lemonade', AT, null);
  comment.run(2, 1, 2, '', AT, AT);
  db.prepare(
    `INSERT INTO messages (id, sender_id, recipient_id, body, client_id, created_at)
     VALUES (1, 1, 2, 'Secret recipe: ginger', 'c1', ?)`,
  ).run(AT);
}

const ids = (db: Db, table: string, match: string): number[] =>
  (
    db
      .prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`)
      .all(match) as { id: number }[]
  ).map((r) => r.id);

const integrity = (db: Db, table: string): void => {
  db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
};

describe('migrations 012 and 013 on a version-9 forum', () => {
  it('index what is there, skip nothing, and keep in step afterwards', () => {
    const db = openDb(tmp.file('v9.db'));
    fillVersion9(db);
    const before = db.prepare('SELECT * FROM posts ORDER BY id').all();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    // Every value of every version-9 column kept (later migrations add columns: 014 activity).
    const after = db.prepare('SELECT * FROM posts ORDER BY id').all() as Record<string, unknown>[];
    expect(
      after.map((row) =>
        Object.fromEntries(Object.keys(before[0] as object).map((k) => [k, row[k]])),
      ),
    ).toEqual(before);

    expect(ids(db, 'posts_fts', '"lemon"*')).toEqual([1]);
    expect(ids(db, 'comments_fts', '"lemonade"')).toEqual([1]);
    expect(ids(db, 'messages_fts', '"ginger"')).toEqual([1]);
    expect(ids(db, 'users_fts', '"renee"')).toEqual([1]);
    expect(ids(db, 'users_fts', '"lefevre"')).toEqual([1]);
    for (const t of ['posts_fts', 'comments_fts', 'messages_fts', 'users_fts']) integrity(db, t);

    // Writes after the migration: the triggers follow them.
    db.prepare(`UPDATE posts SET body = 'Bring cider' WHERE id = 1`).run();
    expect(ids(db, 'posts_fts', '"lemonade"')).toEqual([]);
    expect(ids(db, 'posts_fts', '"cider"')).toEqual([1]);
    // Another column than the text does not touch the index.
    db.prepare(`UPDATE messages SET edited_at = '2025-01-02T00:00:00.000Z' WHERE id = 1`).run();
    db.prepare(`UPDATE users SET nickname = 'renee2' WHERE id = 1`).run();
    expect(ids(db, 'users_fts', '"renee2"')).toEqual([1]);
    db.prepare('DELETE FROM comments WHERE id = 1').run();
    expect(ids(db, 'comments_fts', '"lemonade"')).toEqual([]);
    for (const t of ['posts_fts', 'comments_fts', 'messages_fts', 'users_fts']) integrity(db, t);

    expect(db.prepare('SELECT count(*) AS n FROM reactions').get()).toEqual({ n: 0 });
    db.close();
  });
});
