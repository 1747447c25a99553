/**
 * Migration 016 (mentions) on a forum in use: a version-9 database (built by the real
 * migrations 1–9, the stand-ins 10–15 add nothing) with notifications of every kind, read and
 * unread, keeps every row and value and every index through the table's rebuilds (016, then
 * 017's reaction kinds); the CHECK then accepts `mention` and the reaction kinds and still
 * refuses anything else; the server lists the old rows and
 * writes new mentions beside them.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NotificationPage, Post } from '../common/api';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { startTestServer, tempDataDir } from './test/harness';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const PASSWORD = 'correct horse battery';

async function fillVersion9(db: Db): Promise<void> {
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 9),
  );
  const { hashSync } = await import('bcryptjs');
  const hash = hashSync(PASSWORD, 4);
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at, role)
     VALUES (?, ?, ?, ?, 'F', 'L', 30, 'other', '2024-01-01T10:00:00.000Z', ?)`,
  );
  user.run(1, 'owner', 'owner@example.com', hash, 'owner');
  user.run(2, 'writer', 'writer@example.com', hash, 'member');
  user.run(3, 'reader', 'reader@example.com', hash, 'member');
  const post = db.prepare(
    `INSERT INTO posts (id, author_id, title, body, created_at, comment_count) VALUES (?, 2, ?, 'Body', ?, 1)`,
  );
  const comment = db.prepare(
    `INSERT INTO comments (id, post_id, author_id, body, created_at) VALUES (?, ?, 3, 'Nice', ?)`,
  );
  const notification = db.prepare(
    `INSERT INTO notifications (user_id, kind, actor_id, post_id, comment_id, text, created_at, read)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const kinds = ['comment_on_post', 'comment_on_thread', 'post_in_category'] as const;
  for (let i = 1; i <= 200; i++) {
    const at = new Date(Date.UTC(2024, 3, 1) + i * 60_000).toISOString();
    post.run(i, `Post ${i}`, at);
    db.prepare('INSERT INTO post_categories (post_id, category_id) VALUES (?, 1)').run(i);
    comment.run(i, i, at);
    const kind = kinds[i % 3]!;
    notification.run(
      i % 2 ? 2 : 1,
      kind,
      3,
      i,
      kind === 'post_in_category' ? null : i,
      `reader did ${kind} “Post ${i}”`,
      at,
      i % 4 === 0 ? 1 : 0,
    );
  }
}

const rows = (db: Db) => db.prepare('SELECT * FROM notifications ORDER BY id').all();
const indexes = (db: Db) =>
  db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notifications' ORDER BY name",
    )
    .all();

describe('migration 016 (mentions) on a version-9 forum', () => {
  it('keeps every notification and index; the new kind and column work', async () => {
    const file = join(dataDir, 'hearth.db');
    const db = openDb(file);
    await fillVersion9(db);
    const before = rows(db) as Record<string, unknown>[];
    const indexesBefore = indexes(db);
    expect(before).toHaveLength(200);

    // 016 and, after it, 017 (reaction kinds) rebuild the table the same way.
    expect(migrate(db).applied).toEqual(expect.arrayContaining([16, 17]));
    const after = rows(db) as Record<string, unknown>[];
    expect(after.map(({ message_id: _, ...rest }) => rest)).toEqual(before);
    expect(after.every((r) => r.message_id === null)).toBe(true);
    expect(indexes(db)).toEqual(
      expect.arrayContaining([
        ...indexesBefore,
        expect.objectContaining({ name: 'notifications_message' }),
      ]),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const insert = db.prepare(
      `INSERT INTO notifications (user_id, kind, actor_id, message_id, text, created_at)
       VALUES (3, ?, 2, 7, 't', '2024-05-01T00:00:00.000Z')`,
    );
    const probe = db.transaction(() => {
      insert.run('mention');
      insert.run('reaction_on_comment');
      expect(() => insert.run('gossip')).toThrow(/CHECK constraint failed/);
      throw new Error('roll back');
    });
    expect(probe).toThrow('roll back');
    db.close();

    const srv = await startTestServer({ dataDir });
    try {
      const login = async (nickname: string) => {
        const c = srv.client();
        expect(
          (await c.post('/api/auth/login', { login: nickname, password: PASSWORD })).status,
        ).toBe(200);
        return c;
      };
      const writer = await login('writer');
      const reader = await login('reader');
      const page = await writer.get<NotificationPage>('/api/notifications?limit=100');
      expect(page.json.items).toHaveLength(100);
      expect(page.json.items[0]).toMatchObject({
        postId: 199,
        text: expect.stringContaining('Post 199'),
      });
      const post = await reader.post<Post>('/api/posts', {
        title: 'Ping',
        body: 'hello @writer',
        categoryIds: [1],
      });
      expect(post.status).toBe(201);
      const next = await writer.get<NotificationPage>('/api/notifications?limit=1');
      expect(next.json.items[0]).toMatchObject({ kind: 'mention', postId: post.json.id });
    } finally {
      await srv.close({ keepData: true });
    }
  });
});
