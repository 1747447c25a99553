/**
 * The edit and delete routes' behaviour beyond who may: validation as at creation, earlier
 * versions for moderators, a deleted item's text gone from the database file (only its last
 * version stays, in `revisions`, for 30 days), the purge after 30 days, and restore.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Post, PostPage, RevisionList } from '../../common/api';
import { openDb } from '../../db/open-db';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';

const DAY = 24 * 60 * 60 * 1000;
let srv: TestServer;
let author: { client: TestClient; id: number };
let owner: TestClient;

// Sessions outlive the 30 days the purge test moves the clock on.
const options = { sessionTtlMs: 365 * DAY };
beforeAll(async () => {
  srv = await startTestServer(options);
  owner = (await srv.signup({ nickname: 'owner_r' })).client;
  const a = await srv.signup({ nickname: 'author_r' });
  author = { client: a.client, id: a.user.id };
});
afterAll(async () => {
  await srv.close();
});

async function newPost(title = 'A title', body = 'A body'): Promise<Post> {
  const res = await author.client.post<Post>('/api/posts', { title, body, categoryIds: [1] });
  expect(res.status).toBe(201);
  return res.json;
}

describe('PATCH /api/posts/:id', () => {
  it('validates as at creation and needs at least one field', async () => {
    const post = await newPost();
    const cases: [unknown, string, string | undefined][] = [
      [{}, 'Change the title, the post or its categories', undefined],
      [{ title: '   ' }, 'Title is required', 'title'],
      [{ body: 'x'.repeat(20_001) }, 'Post must be at most 20000 characters', 'body'],
      [{ categoryIds: [] }, 'Pick at least one category', 'categoryIds'],
      [{ pinned: true }, 'Unknown field "pinned".', 'pinned'],
      [{ categoryIds: [4242] }, 'Unknown category: 4242.', 'categoryIds'],
    ];
    for (const [json, message, field] of cases) {
      const res = await author.client.request('PATCH', `/api/posts/${post.id}`, { json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(errorOf(res)).toEqual(
        field
          ? { code: expect.any(String), message, field }
          : {
              code: 'VALIDATION_FAILED',
              message,
            },
      );
    }
    const bad = await author.client.request('PATCH', '/api/posts/abc', { json: { body: 'x' } });
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
  });

  it('changes categories, marks the post edited, keeps the earlier version for moderators', async () => {
    const post = await newPost('Old title', 'Old body');
    srv.clock.advance(60_000);
    const res = await author.client.request<Post>('PATCH', `/api/posts/${post.id}`, {
      json: { body: 'New body', categoryIds: [2, 1] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      title: 'Old title',
      body: 'New body',
      categories: [{ id: 1 }, { id: 2 }],
      editedAt: new Date(srv.clock.now).toISOString(),
      createdAt: post.createdAt,
    });
    const feed = await author.client.get<PostPage>('/api/posts?category=2');
    expect(feed.json.items[0]).toMatchObject({ id: post.id, editedAt: res.json.editedAt });
    // The same text again is no edit: no new version, no new time.
    srv.clock.advance(60_000);
    const same = await author.client.request<Post>('PATCH', `/api/posts/${post.id}`, {
      json: { body: 'New body' },
    });
    expect(same.json.editedAt).toBe(res.json.editedAt);
    const revisions = await owner.get<RevisionList>(`/api/posts/${post.id}/revisions`);
    expect(revisions.json.items).toEqual([
      {
        id: expect.any(Number),
        itemType: 'post',
        itemId: post.id,
        title: 'Old title',
        categoryIds: [1],
        body: 'Old body',
        writtenAt: post.createdAt,
        replacedAt: res.json.editedAt,
        replacedBy: { id: author.id, nickname: 'author_r' },
        reason: 'edit',
      },
    ]);
  });
});

describe('PATCH /api/comments/:id', () => {
  it('validates the body and keeps the earlier version', async () => {
    const post = await newPost();
    const c = (await author.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'v1' }))
      .json;
    const empty = await author.client.request('PATCH', `/api/comments/${c.id}`, {
      json: { body: ' ' },
    });
    expect(errorOf(empty)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Comment is required',
      field: 'body',
    });
    const ok = await author.client.request<Comment>('PATCH', `/api/comments/${c.id}`, {
      json: { body: 'v2' },
    });
    expect(ok.json).toMatchObject({ id: c.id, body: 'v2', deleted: false });
    const list = await author.client.get<{ items: Comment[] }>(`/api/posts/${post.id}/comments`);
    expect(list.json.items[0]).toMatchObject({ body: 'v2', editedAt: ok.json.editedAt });
    const revs = await owner.get<RevisionList>(`/api/comments/${c.id}/revisions`);
    expect(revs.json.items.map((r) => [r.body, r.reason])).toEqual([['v1', 'edit']]);
  });
});

describe('DELETE', () => {
  it('a deleted post leaves the feeds; a deleted comment stays as a placeholder', async () => {
    const post = await newPost();
    const c = (await author.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'x' }))
      .json;
    expect((await author.client.request('DELETE', `/api/comments/${c.id}`)).status).toBe(204);
    // Twice is the same answer.
    expect((await author.client.request('DELETE', `/api/comments/${c.id}`)).status).toBe(204);
    const list = await author.client.get<{ items: Comment[] }>(`/api/posts/${post.id}/comments`);
    expect(list.json.items).toEqual([{ ...c, body: '', deleted: true }]);

    expect((await author.client.request('DELETE', `/api/posts/${post.id}`)).status).toBe(204);
    const feed = await author.client.get<PostPage>('/api/posts?limit=100');
    expect(feed.json.items.map((p) => p.id)).not.toContain(post.id);
    const inCategory = await author.client.get<PostPage>('/api/posts?category=1&limit=100');
    expect(inCategory.json.items.map((p) => p.id)).not.toContain(post.id);
    expect((await author.client.get(`/api/posts/${post.id}`)).status).toBe(404);
    // Nobody comments on a deleted post.
    const late = await author.client.post(`/api/posts/${post.id}/comments`, { body: 'late' });
    expect(late.status).toBe(404);
  });

  it('validates the reason', async () => {
    const post = await newPost();
    const res = await owner.request('DELETE', `/api/posts/${post.id}`, {
      json: { reason: 'x'.repeat(501) },
    });
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Reason must be at most 500 characters',
      field: 'reason',
    });
    const odd = await owner.request('DELETE', `/api/posts/${post.id}`, { json: { why: 1 } });
    expect(errorOf(odd)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'why' });
    const ok = await owner.request('DELETE', `/api/posts/${post.id}`, {
      json: { reason: 'Spam' },
    });
    expect(ok.status).toBe(204);
    const entry = srv.server.context.db
      .prepare(
        "SELECT reason, target_user_id FROM moderation_log WHERE target_id = ? AND action = 'post.delete'",
      )
      .get(post.id);
    expect(entry).toEqual({ reason: 'Spam', target_user_id: author.id });
  });
});

describe('the text of a deleted item', () => {
  it('is gone from the database file but for its last version, which is purged after 30 days', async () => {
    const marker = (what: string) => `Zq${what}${Date.now()}unique`;
    const postText = marker('post');
    const commentText = marker('comment');
    const messageText = marker('message');
    const post = await newPost(`Title ${postText}`, `Body ${postText}`);
    const other = await srv.signup();
    const c = (
      await other.client.post<Comment>(`/api/posts/${post.id}/comments`, {
        body: `Comment ${commentText}`,
      })
    ).json;
    const edited = await author.client.request('PATCH', `/api/posts/${post.id}`, {
      json: { body: `Edited ${postText}` },
    });
    expect(edited.status).toBe(200);
    // A message, sent and deleted over the socket.
    const { connect, closeAllClients } = await import('../test/ws-client');
    const live = await connect(srv, author.client);
    live.send({
      type: 'chat.send',
      payload: { to: other.user.id, body: `Msg ${messageText}`, clientId: 'gone-1' },
    });
    const sent = await live.next('chat.message', (e) => e.payload.clientId === 'gone-1');
    live.send({ type: 'chat.delete', payload: { id: sent.payload.id } });
    await live.next('chat.deleted');
    closeAllClients();

    expect((await other.client.request('DELETE', `/api/comments/${c.id}`)).status).toBe(204);
    expect((await author.client.request('DELETE', `/api/posts/${post.id}`)).status).toBe(204);

    // Every table but `revisions`: nothing quotes the deleted text any more.
    const db = srv.server.context.db;
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    const holding = (text: string) =>
      tables.filter((t) => {
        const cols = db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[];
        const where = cols
          .map((col) => `CAST("${col}" AS TEXT) LIKE '%' || :text || '%'`)
          .join(' OR ');
        return (
          (db
            .prepare(`SELECT count(*) FROM "${t}" WHERE ${where}`)
            .pluck()
            .get({ text }) as number) > 0
        );
      });
    expect(holding(postText)).toEqual(['revisions']);
    expect(holding(commentText)).toEqual(['revisions']);
    expect(holding(messageText)).toEqual(['revisions']);
    // Moderators still read the last version (and the earlier one) for 30 days.
    const revs = await owner.get<RevisionList>(`/api/posts/${post.id}/revisions`);
    expect(revs.json.items.map((r) => [r.reason, r.body])).toEqual([
      ['edit', `Body ${postText}`],
      ['delete', `Edited ${postText}`],
    ]);

    // 29 days on: still there. 30 days on: the purger takes every version of them.
    srv.clock.advance(29 * DAY);
    expect(srv.server.revisionPurger.runOnce()).toBe(0);
    srv.clock.advance(DAY);
    expect(srv.server.revisionPurger.runOnce()).toBeGreaterThanOrEqual(5);
    for (const text of [postText, commentText, messageText]) expect(holding(text)).toEqual([]);
    // Too late to restore.
    const restore = await owner.post(`/api/posts/${post.id}/restore`);
    expect(restore.status).toBe(409);
    expect(errorOf(restore).code).toBe('RESTORE_EXPIRED');

    // And not in the bytes of the file either (secure_delete, after the WAL is checkpointed).
    const dbPath = srv.server.dbPath;
    await srv.close({ keepData: true });
    const bytes = readFileSync(dbPath);
    for (const text of [postText, commentText, messageText]) {
      expect(bytes.includes(Buffer.from(text)), text).toBe(false);
    }
    // Reopen so afterAll can close it again harmlessly.
    const check = openDb(dbPath);
    expect(check.prepare('SELECT count(*) FROM posts WHERE id = ?').pluck().get(post.id)).toBe(1);
    check.close();
    srv = await startTestServer({ ...options, dataDir: srv.dataDir });
  });
});
