/**
 * Migration 007 (edit and delete) on a forum in use: a version-6 database, built by the real
 * migrations 1–6 and filled with rows in every table, keeps every row and value; the new
 * columns are empty (never edited, not deleted); the server then edits and deletes the old
 * rows like new ones.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Comment, Post } from '../common/api';
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
  'moderation_log',
];
const PASSWORD_HASH_OF_NOTHING = '$2a$04$abcdefghijklmnopqrstuuOTk0Gq0mIvuyvT/kWNxdWkbKTmEvVjm';

function fillVersion6(db: Db): void {
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 6),
  );
  expect(db.pragma('user_version', { simple: true })).toBe(6);
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at, role)
     VALUES (?, ?, ?, ?, 'F', 'L', 30, 'other', ?, ?)`,
  );
  user.run(
    1,
    'owner',
    'owner@example.com',
    PASSWORD_HASH_OF_NOTHING,
    '2024-01-01T10:00:00.000Z',
    'owner',
  );
  user.run(
    2,
    'writer',
    'writer@example.com',
    PASSWORD_HASH_OF_NOTHING,
    '2024-02-01T10:00:00.000Z',
    'member',
  );
  user.run(
    3,
    'reader',
    'reader@example.com',
    PASSWORD_HASH_OF_NOTHING,
    '2024-03-01T10:00:00.000Z',
    'moderator',
  );
  db.prepare(
    "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES (x'00ff', 1, 1, 2)",
  ).run();
  db.prepare(
    "INSERT INTO categories (id, name, color, position) VALUES (9, 'Knitting', '#aabbcc', 9)",
  ).run();
  db.prepare(
    `INSERT INTO posts (id, author_id, title, body, created_at, comment_count)
     VALUES (1, 2, 'Hello', 'World', '2024-04-01T00:00:00.000Z', 1),
            (2, 1, 'Second', 'Post', '2024-04-01T01:00:00.000Z', 0)`,
  ).run();
  db.prepare(
    'INSERT INTO post_categories (post_id, category_id) VALUES (1, 9), (1, 1), (2, 1)',
  ).run();
  db.prepare(
    "INSERT INTO comments (id, post_id, author_id, body, created_at) VALUES (1, 1, 3, 'Nice', '2024-04-02T00:00:00.000Z')",
  ).run();
  db.prepare(
    `INSERT INTO messages (id, sender_id, recipient_id, body, client_id, created_at, unread, event_id)
     VALUES (1, 2, 3, 'read one', 'c1', '2024-04-03T00:00:00.000Z', 0, 2),
            (2, 2, 3, 'unread one', 'c2', '2024-04-03T00:01:00.000Z', 1, 3)`,
  ).run();
  db.prepare('INSERT INTO chat_threads (user_lo, user_hi, last_message_id) VALUES (2, 3, 2)').run();
  db.prepare(
    `INSERT INTO notifications (user_id, kind, actor_id, post_id, text, created_at, read)
     VALUES (2, 'comment_on_post', 3, 1, 'reader commented on your post “Hello”', '2024-04-02T00:00:00.000Z', 0)`,
  ).run();
  db.prepare(
    `INSERT INTO events (type, payload, recipient_a, recipient_b, created_ms)
     VALUES ('user.joined', '{"user":{"id":3,"nickname":"reader"}}', NULL, NULL, 1),
            ('chat.message', '{"id":1}', 2, 3, 2),
            ('chat.message', '{"id":2}', 2, 3, 3)`,
  ).run();
  db.prepare("INSERT INTO forum_meta (key, value) VALUES ('forum_id', '0123456789ab')").run();
  db.prepare('INSERT INTO category_follows (user_id, category_id) VALUES (3, 9)').run();
  db.prepare(
    `INSERT INTO moderation_log (at, actor_id, action, target_type, target_id, target_user_id, reason)
     VALUES (5, 1, 'user.role', 'user', 3, 3, 'helps out')`,
  ).run();
}

const snapshot = (db: Db) =>
  Object.fromEntries(
    TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
  ) as Record<string, Record<string, unknown>[]>;

/** A row cut down to the columns it had before (later migrations only add columns). */
const only = (row: Record<string, unknown>, like: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(like).map((k) => [k, row[k]]));

describe('migration 007 (edit and delete) on a version-6 forum', () => {
  it('keeps every row and value; the new columns start empty; old rows can be edited and deleted', async () => {
    const file = join(dataDir, 'hearth.db');
    const db = openDb(file);
    fillVersion6(db);
    const before = snapshot(db);
    // Up to 007 only: 010 (rooms) later rebuilds messages and folds chat_threads away.
    expect(migrate(db, MIGRATIONS.slice(0, 7)).applied).toContain(7);
    const after = snapshot(db);
    for (const t of TABLES) {
      expect(after[t]!.length, t).toBe(before[t]!.length);
      expect(
        after[t]!.map((row, i) => only(row, before[t]![i]!)),
        t,
      ).toEqual(before[t]);
    }
    for (const t of ['posts', 'comments']) {
      for (const row of after[t]!) {
        expect(row).toMatchObject({ edited_at: null, deleted_at: null, deleted_by: null });
      }
    }
    for (const row of after.messages!)
      expect(row).toMatchObject({ edited_at: null, deleted_at: null });
    expect(after.notifications![0]).toMatchObject({ comment_id: null });
    expect(db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The writer and the reader can sign in.
    const hasher = await import('bcryptjs');
    db.prepare('UPDATE users SET password_hash = ?').run(
      hasher.hashSync('correct horse battery', 4),
    );
    db.close();

    const srv = await startTestServer({ dataDir });
    try {
      const login = async (nickname: string) => {
        const c = srv.client();
        const res = await c.post('/api/auth/login', {
          login: nickname,
          password: 'correct horse battery',
        });
        expect(res.status).toBe(200);
        return c;
      };
      const writer = await login('writer');
      const reader = await login('reader');
      const post = await writer.get<Post>('/api/posts/1');
      expect(post.json).toMatchObject({ title: 'Hello', body: 'World', editedAt: null });
      expect(post.json).not.toHaveProperty('deleted');
      const comments = await writer.get<{ items: Comment[] }>('/api/posts/1/comments');
      expect(comments.json.items).toEqual([
        expect.objectContaining({ body: 'Nice', editedAt: null, deleted: false }),
      ]);
      const history = await reader.get<{ items: ChatMessage[] }>('/api/chat/2/messages');
      expect(history.json.items.map((m) => [m.body, m.editedAt, m.deleted])).toEqual([
        ['read one', null, false],
        ['unread one', null, false],
      ]);

      const edited = await writer.request<Post>('PATCH', '/api/posts/1', {
        json: { body: 'Earth' },
      });
      expect(edited.json).toMatchObject({ body: 'Earth', editedAt: expect.any(String) });
      // The moderator deletes the old comment (its old notification has no comment id: kept).
      expect((await reader.request('DELETE', '/api/comments/1')).status).toBe(204);
      const revisions = await reader.get<{ items: { body: string }[] }>('/api/posts/1/revisions');
      expect(revisions.json.items.map((r) => r.body)).toEqual(['World']);
      expect((await writer.request('DELETE', '/api/posts/1')).status).toBe(204);
      expect((await writer.get('/api/posts/1')).status).toBe(404);
    } finally {
      await srv.close({ keepData: true });
    }
  });
});
