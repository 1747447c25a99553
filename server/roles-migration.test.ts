/**
 * Migration 005 on a forum in use: a version-4 database (built by the real migrations 1–4,
 * with real rows in every table) keeps every row, its oldest account becomes the owner, its
 * categories stay, and the server then treats it as set up (no token, no setup screen).
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CategoryListItem, ForumState } from '../common/api';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { startTestServer, tempDataDir } from './test/harness';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const TABLES = [
  'users',
  'sessions',
  'categories',
  'posts',
  'post_categories',
  'comments',
  'messages',
  'chat_threads',
  'notifications',
  'events',
  'forum_meta',
  'category_follows',
];

function fillVersion4(db: Db): void {
  migrate(db, MIGRATIONS.slice(0, 4));
  expect(db.pragma('user_version', { simple: true })).toBe(4);
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, '$2a$04$abcdefghijklmnopqrstuuOTk0Gq0mIvuyvT/kWNxdWkbKTmEvVjm', 'F', 'L', 30, 'other', ?)`,
  );
  // Ids do not decide: the account created first does (here id 2, restored from a backup).
  user.run(1, 'second', 'second@example.com', '2024-02-01T10:00:00.000Z');
  user.run(2, 'oldest', 'oldest@example.com', '2024-01-01T10:00:00.000Z');
  user.run(3, 'third', 'third@example.com', '2024-03-01T10:00:00.000Z');
  db.prepare(
    "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES (x'00ff', 1, 1, 2)",
  ).run();
  db.prepare("INSERT INTO categories (id, name) VALUES (9, 'Knitting')").run();
  db.prepare(
    "INSERT INTO posts (id, author_id, title, body, created_at, comment_count) VALUES (1, 1, 'Hello', 'World', '2024-04-01T00:00:00.000Z', 1)",
  ).run();
  db.prepare('INSERT INTO post_categories (post_id, category_id) VALUES (1, 9), (1, 1)').run();
  db.prepare(
    "INSERT INTO comments (post_id, author_id, body, created_at) VALUES (1, 3, 'Nice', '2024-04-02T00:00:00.000Z')",
  ).run();
  db.prepare(
    `INSERT INTO messages (sender_id, recipient_id, body, client_id, created_at, unread, event_id)
     VALUES (1, 2, 'read one', 'c1', '2024-04-03T00:00:00.000Z', 0, 2),
            (2, 1, 'unread one', 'c2', '2024-04-03T00:01:00.000Z', 1, 3)`,
  ).run();
  db.prepare('INSERT INTO chat_threads (user_lo, user_hi, last_message_id) VALUES (1, 2, 2)').run();
  db.prepare(
    `INSERT INTO notifications (user_id, kind, actor_id, post_id, text, created_at, read)
     VALUES (1, 'comment_on_post', 3, 1, 'third commented on your post “Hello”', '2024-04-02T00:00:00.000Z', 0)`,
  ).run();
  db.prepare(
    `INSERT INTO events (type, payload, recipient_a, recipient_b, created_ms)
     VALUES ('user.joined', '{"user":{"id":3,"nickname":"third"}}', NULL, NULL, 1),
            ('chat.message', '{"id":1}', 1, 2, 2),
            ('chat.message', '{"id":2}', 2, 1, 3)`,
  ).run();
  db.prepare("INSERT INTO forum_meta (key, value) VALUES ('forum_id', '0123456789ab')").run();
  db.prepare('INSERT INTO category_follows (user_id, category_id) VALUES (3, 9)').run();
}

const snapshot = (db: Db) =>
  Object.fromEntries(
    TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
  ) as Record<string, Record<string, unknown>[]>;

describe('migration 005 (roles) on a version-4 forum', () => {
  it('keeps every row, makes the oldest account the owner, and the forum counts as set up', async () => {
    const file = join(dataDir, 'hearth.db');
    const db = openDb(file);
    fillVersion4(db);
    const before = snapshot(db);
    expect(migrate(db, MIGRATIONS.slice(0, 5))).toMatchObject({ from: 4, applied: [5] });
    const after = snapshot(db);

    // Every table keeps its rows; users and categories only gain their new columns.
    for (const t of TABLES) expect(after[t]!.length, t).toBe(before[t]!.length);
    expect(after.users!.map(({ role: _role, ...rest }) => rest)).toEqual(before.users);
    expect(after.users!.map((u) => [u.nickname, u.role])).toEqual([
      ['second', 'member'],
      ['oldest', 'owner'],
      ['third', 'member'],
    ]);
    expect(
      after.categories!.map(({ color: _c, position: _p, archived: _a, ...rest }) => rest),
    ).toEqual(before.categories);
    for (const c of after.categories!) {
      expect(c).toMatchObject({ color: null, position: c.id, archived: 0 });
    }
    // Later migrations may add columns (007: edited/deleted markers): every old value stays.
    for (const t of TABLES.filter((t) => t !== 'users' && t !== 'categories')) {
      const kept = after[t]!.map((row, i) =>
        Object.fromEntries(Object.keys(before[t]![i] ?? {}).map((k) => [k, row[k]])),
      );
      expect(kept, t).toEqual(before[t]);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();

    // The server opens it as a forum that is set up, in the default (token) mode.
    const srv = await startTestServer({ dataDir, setup: 'token' });
    try {
      expect(srv.server.setupToken()).toBeNull();
      const state = await srv.client().get<ForumState>('/api/forum');
      expect(state.json).toMatchObject({ setupRequired: false, signupOpen: true, minAge: 13 });
      const newcomer = await srv.signup();
      const cats = await newcomer.client.get<CategoryListItem[]>('/api/categories');
      expect(cats.json.map((c) => c.name)).toContain('Knitting');
      expect(cats.json).toHaveLength(9);
      // The owner's powers work on the migrated rows: the oldest account logs in and manages.
      const owner = srv.client();
      srv.server.context.db
        .prepare('UPDATE users SET password_hash = ? WHERE id = 2')
        .run(await srv.server.context.hasher.hash('correct horse battery'));
      expect(
        (
          await owner.post('/api/auth/login', {
            login: 'oldest',
            password: 'correct horse battery',
          })
        ).status,
      ).toBe(200);
      const renamed = await owner.request('PATCH', '/api/forum', { json: { name: 'Kept forum' } });
      expect(renamed.status).toBe(200);
      const forbidden = await newcomer.client.request('PATCH', '/api/forum', {
        json: { name: 'x' },
      });
      expect(forbidden.status).toBe(403);
    } finally {
      await srv.close({ keepData: true });
    }
  });

  it('an empty version-4 database migrates to a forum that needs setup', () => {
    const db = openDb(join(dataDir, 'empty.db'));
    migrate(db, MIGRATIONS.slice(0, 4));
    migrate(db);
    expect(db.prepare("SELECT count(*) FROM users WHERE role = 'owner'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM categories').pluck().get()).toBe(8);
    db.close();
  });
});
