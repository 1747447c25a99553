/**
 * Migration 014 (attention) on a forum in use: a version-9 database, built by the real
 * migrations 1–9 and filled with users, posts, comments and notifications, keeps every row
 * and value; each post gets its latest-activity rank (newest comment, else creation); the
 * server then sorts, comments and notifies as on a new forum.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Comment } from '../common/api';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { startTestServer, tempDataDir } from './test/harness';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const TABLES = [
  'users',
  'posts',
  'post_categories',
  'comments',
  'notifications',
  'category_follows',
];

function fillVersion9(db: Db): void {
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 9),
  );
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at, role)
     VALUES (?, ?, ?, 'x', 'F', 'L', 30, 'other', '2024-01-01T10:00:00.000Z', ?)`,
  );
  user.run(1, 'owner', 'owner@example.com', 'owner');
  user.run(2, 'writer', 'writer@example.com', 'member');
  user.run(3, 'reader', 'reader@example.com', 'member');
  db.prepare(
    "INSERT INTO categories (id, name, color, position) VALUES (9, 'Knitting', NULL, 9)",
  ).run();
  const post = db.prepare(
    `INSERT INTO posts (id, author_id, title, body, created_at, comment_count) VALUES (?, ?, ?, 'b', ?, ?)`,
  );
  // Post 1 is oldest but has the newest comment; post 3 is newest, without comments.
  post.run(1, 2, 'Old but lively', '2024-04-01T00:00:00.000Z', 2);
  post.run(2, 1, 'Quiet', '2024-04-02T00:00:00.000Z', 1);
  post.run(3, 3, 'Newest', '2024-04-03T00:00:00.000Z', 0);
  db.prepare(
    'INSERT INTO post_categories (post_id, category_id) VALUES (1, 9), (2, 9), (3, 9)',
  ).run();
  const comment = db.prepare(
    'INSERT INTO comments (id, post_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  comment.run(1, 1, 3, 'first', '2024-04-01T05:00:00.000Z');
  comment.run(2, 2, 3, 'on quiet', '2024-04-02T05:00:00.000Z');
  comment.run(3, 1, 1, 'latest', '2024-04-05T00:00:00.000Z');
  db.prepare(
    `INSERT INTO notifications (user_id, kind, actor_id, post_id, comment_id, text, created_at, read)
     VALUES (2, 'comment_on_post', 3, 1, 1, 'reader commented on your post “Old but lively”', '2024-04-01T05:00:00.000Z', 1),
            (2, 'comment_on_post', 1, 1, 3, 'owner commented on your post “Old but lively”', '2024-04-05T00:00:00.000Z', 0),
            (3, 'comment_on_thread', 1, 1, 3, 'owner also commented on “Old but lively”', '2024-04-05T00:00:00.000Z', 0)`,
  ).run();
  db.prepare('INSERT INTO category_follows (user_id, category_id) VALUES (3, 9)').run();
}

const snapshot = (db: Db) =>
  Object.fromEntries(
    TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
  ) as Record<string, Record<string, unknown>[]>;
const only = (row: Record<string, unknown>, like: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(like).map((k) => [k, row[k]]));

describe('migration 014 (attention) on a version-9 forum', () => {
  it('keeps every row, ranks posts by latest activity, and the triggers keep it going', async () => {
    const file = join(dataDir, 'hearth.db');
    const db = openDb(file);
    fillVersion9(db);
    const before = snapshot(db);
    expect(migrate(db).applied).toContain(14);
    const after = snapshot(db);
    for (const t of TABLES) {
      expect(
        after[t]!.map((row, i) => only(row, before[t]![i]!)),
        t,
      ).toEqual(before[t]);
    }
    const order = db.prepare('SELECT id FROM posts ORDER BY activity DESC').pluck().all();
    expect(order).toEqual([1, 3, 2]);
    expect(db.prepare('SELECT count(*) FROM post_levels').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM post_reads').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const hasher = await import('bcryptjs');
    db.prepare('UPDATE users SET password_hash = ?').run(
      hasher.hashSync('correct horse battery', 4),
    );
    db.close();

    const srv = await startTestServer({ dataDir });
    try {
      const reader = srv.client();
      expect(
        (
          await reader.post('/api/auth/login', {
            login: 'reader',
            password: 'correct horse battery',
          })
        ).status,
      ).toBe(200);
      // The old notifications group like new ones.
      const groups = await reader.get<{ items: { postId: number; unread: number }[] }>(
        '/api/notifications/groups',
      );
      expect(groups.json.items).toEqual([expect.objectContaining({ postId: 1, unread: 1 })]);
      // A comment on the quiet post brings it to the top of the activity order.
      const c = await reader.post<Comment>('/api/posts/2/comments', { body: 'wake up' });
      expect(c.status).toBe(201);
      const top = srv.server.context.db
        .prepare('SELECT id FROM posts ORDER BY activity DESC')
        .pluck()
        .all();
      expect(top).toEqual([2, 1, 3]);
      // Opening a migrated post clears its old notification.
      expect((await reader.post('/api/posts/1/read')).status).toBe(200);
      const again = await reader.get<{ items: { postId: number; unread: number }[] }>(
        '/api/notifications/groups?filter=unread',
      );
      expect(again.json.items).toEqual([]);
    } finally {
      await srv.close();
    }
  });
});
