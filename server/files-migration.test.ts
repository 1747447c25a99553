/**
 * Migration 011 (pictures and files) on a forum in use: a version-10 database (the real
 * migrations 1–10), filled with people, a post, a comment and private messages through the
 * server itself, keeps every row; the new tables start empty; the server then attaches files
 * to new items beside the old ones and the old items read as before (no `attachments`).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatHistory, CommentPage, Post } from '../common/api';
import type { Upload } from '../common/files';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { openDb } from '../db/open-db';
import { startTestServer, tempDataDir } from './test/harness';
import { closeAllClients, connect } from './test/ws-client';

const dataDir = tempDataDir();
afterAll(() => {
  closeAllClients();
  rmSync(dataDir, { recursive: true, force: true });
});

const OLD_TABLES = [
  'users',
  'posts',
  'comments',
  'messages',
  'conversations',
  'events',
  'sessions',
];

describe('migration 011', () => {
  it('keeps a version-10 forum as it was and adds empty file tables', async () => {
    const file = join(dataDir, 'hearth.db');
    // Real rows, written by the server (only version-9 tables are touched); then the file is
    // turned back into a version-9 database, as a forum from before this change would be.
    const first = await startTestServer({ dataDir });
    const ana = await first.signup({ nickname: 'ana_m' });
    const ben = await first.signup({ nickname: 'ben_m' });
    const post = (
      await ana.client.post<Post>('/api/posts', {
        title: 'Old post',
        body: 'Before files',
        categoryIds: [1],
      })
    ).json;
    await ben.client.post(`/api/posts/${post.id}/comments`, { body: 'Old comment' });
    const live = await connect(first, ana.client);
    live.send({
      type: 'chat.send',
      payload: { to: ben.user.id, body: 'old message', clientId: 'old-1' },
    });
    await live.next('chat.message', (e) => e.payload.clientId === 'old-1');
    live.close();
    await first.close({ keepData: true });

    const db = openDb(file);
    // As the file was just before 011: its tables gone (later migrations' tables stay: they
    // do not depend on 011, and only 011 is run below).
    db.exec('DROP TABLE user_avatars; DROP TABLE attachments; DROP TABLE uploads;');
    db.pragma('user_version = 10');
    const before = Object.fromEntries(
      OLD_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
    );
    const result = migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 11),
    );
    expect(result).toMatchObject({ from: 10, to: 11, applied: [11] });
    for (const t of OLD_TABLES) {
      expect(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all(), t).toEqual(before[t]);
    }
    for (const t of ['uploads', 'attachments', 'user_avatars']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get(), t).toEqual({ n: 0 });
    }
    // The rest of the schema is there already: the file is as new as the server.
    db.pragma(`user_version = ${MIGRATIONS.at(-1)!.version}`);
    db.close();

    // The server on the migrated file: old items read as before, new ones carry files.
    const srv = await startTestServer({ dataDir });
    try {
      const login = srv.client();
      expect(
        (await login.post('/api/auth/login', { login: 'ana_m', password: 'correct horse battery' }))
          .status,
      ).toBe(200);
      const old = await login.get<Post>(`/api/posts/${post.id}`);
      expect(old.json).toMatchObject({ title: 'Old post', body: 'Before files' });
      expect(old.json.attachments).toBeUndefined();
      const up = await login.request<Upload>('POST', '/api/uploads?name=new.txt', {
        body: 'new file',
      });
      expect(up.status).toBe(201);
      const c = await login.post(`/api/posts/${post.id}/comments`, {
        body: 'with a file',
        attachments: [up.json.id],
      });
      expect(c.status).toBe(201);
      const page = await login.get<CommentPage>(`/api/posts/${post.id}/comments`);
      expect(page.json.items.map((i) => [i.body, i.attachments?.length ?? 0])).toEqual([
        ['Old comment', 0],
        ['with a file', 1],
      ]);
      const history = await login.get<ChatHistory>(`/api/chat/${ben.user.id}/messages`);
      expect(history.json.items.map((m) => m.body)).toEqual(['old message']);
    } finally {
      await srv.close();
    }
  });
});
