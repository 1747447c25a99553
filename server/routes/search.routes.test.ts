/**
 * Search (issue 12): the FTS5 indexes stay in step with every write of the text (create,
 * edit, delete, restore, purge) because the triggers run in the writer's transaction;
 * messages show only to the people who can read them; snippets are text plus ranges.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Comment, Post, SearchResults } from '../../common/api';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

const DAY = 24 * 60 * 60 * 1000;
let srv: TestServer;
let owner: { client: TestClient; id: number };
let author: { client: TestClient; id: number };
let other: { client: TestClient; id: number };

beforeAll(async () => {
  srv = await startTestServer({ sessionTtlMs: 365 * DAY });
  const o = await srv.signup({ nickname: 'owner_s' });
  owner = { client: o.client, id: o.user.id };
  const a = await srv.signup({ nickname: 'zoe_search', firstName: 'Zoé', lastName: 'Écrivain' });
  author = { client: a.client, id: a.user.id };
  const b = await srv.signup({ nickname: 'other_s' });
  other = { client: b.client, id: b.user.id };
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

const search = async (c: TestClient, q: string, kind?: string): Promise<SearchResults> => {
  const qs = new URLSearchParams({ q, ...(kind ? { kind } : {}) });
  const res = await c.get<SearchResults>(`/api/search?${qs}`);
  expect(res.status).toBe(200);
  return res.json;
};
const postIds = async (c: TestClient, q: string) =>
  (await search(c, q, 'posts')).posts?.items.map((h) => h.id);
const commentIds = async (c: TestClient, q: string) =>
  (await search(c, q, 'comments')).comments?.items.map((h) => h.id);
const messageIds = async (c: TestClient, q: string) =>
  (await search(c, q, 'messages')).messages?.items.map((h) => h.id);

async function send(live: LiveClient, to: number, body: string): Promise<ChatMessage> {
  const clientId = `s-${body.slice(0, 40)}`;
  live.send({ type: 'chat.send', payload: { to, body, clientId } });
  return (await live.next('chat.message', (e) => e.payload.clientId === clientId)).payload;
}

describe('GET /api/search: posts and comments follow every write', () => {
  it('finds a post by a prefix with accents folded, then follows edit, delete, restore', async () => {
    const res = await author.client.post<Post>('/api/posts', {
      title: 'Crème brûlée night',
      body: 'Bring a blowtorch: the caramelisation matters.',
      categoryIds: [1],
    });
    const post = res.json;
    // Prefix ("crem"), accent-blind ("brulee"), body words, any case.
    expect(await postIds(other.client, 'crem')).toEqual([post.id]);
    expect(await postIds(other.client, 'BRULEE')).toEqual([post.id]);
    expect(await postIds(other.client, 'blowtorch caramel')).toEqual([post.id]);

    const hit = (await search(other.client, 'blowtorch', 'posts')).posts!.items[0]!;
    expect(hit.author).toEqual({ id: author.id, nickname: 'zoe_search' });
    expect(hit.title).toEqual({ text: 'Crème brûlée night', marks: [] });
    const { text, marks } = hit.snippet;
    expect(marks).toHaveLength(1);
    expect(text.slice(marks[0]![0], marks[0]![1])).toBe('blowtorch');
    expect(text).not.toMatch(/[\uE000\uE001<>]/u);

    // Edit: the old words leave, the new ones arrive (same transaction as the edit).
    await author.client.request('PATCH', `/api/posts/${post.id}`, {
      json: { body: 'A kitchen torch will do.' },
    });
    expect(await postIds(other.client, 'blowtorch')).toEqual([]);
    expect(await postIds(other.client, 'kitchen')).toEqual([post.id]);

    await author.client.request('DELETE', `/api/posts/${post.id}`);
    expect(await postIds(other.client, 'kitchen')).toEqual([]);
    expect(await postIds(other.client, 'creme')).toEqual([]);

    const restored = await owner.client.post(`/api/posts/${post.id}/restore`, {});
    expect(restored.status).toBe(200);
    expect(await postIds(other.client, 'kitchen')).toEqual([post.id]);
    expect(await postIds(other.client, 'creme')).toEqual([post.id]);
  });

  it('follows comments through edit, delete, restore and the purge 30 days on', async () => {
    const post = (
      await author.client.post<Post>('/api/posts', {
        title: 'Bikes',
        body: 'Where to park?',
        categoryIds: [1],
      })
    ).json;
    const c1 = (
      await other.client.post<Comment>(`/api/posts/${post.id}/comments`, {
        body: 'Behind the greenhouse there is a rack.',
      })
    ).json;
    const c2 = (
      await other.client.post<Comment>(`/api/posts/${post.id}/comments`, {
        body: 'The greenhouse door is locked at night.',
      })
    ).json;
    expect(await commentIds(author.client, 'greenhou')).toEqual([c2.id, c1.id]);
    const hit = (await search(author.client, 'rack', 'comments')).comments!.items[0]!;
    expect(hit).toMatchObject({ id: c1.id, postId: post.id, postTitle: 'Bikes' });

    await other.client.request('PATCH', `/api/comments/${c1.id}`, {
      json: { body: 'Behind the shed there is a rack.' },
    });
    expect(await commentIds(author.client, 'greenhouse')).toEqual([c2.id]);
    expect(await commentIds(author.client, 'shed')).toEqual([c1.id]);

    await other.client.request('DELETE', `/api/comments/${c2.id}`);
    expect(await commentIds(author.client, 'greenhouse')).toEqual([]);
    await owner.client.post(`/api/comments/${c2.id}/restore`, {});
    expect(await commentIds(author.client, 'greenhouse')).toEqual([c2.id]);

    // Deleted again and purged 30 days on: still out of the index, and the index is sound.
    await other.client.request('DELETE', `/api/comments/${c2.id}`);
    srv.clock.advance(31 * DAY);
    expect(srv.server.revisionPurger.runOnce()).toBeGreaterThan(0);
    expect(await commentIds(author.client, 'greenhouse')).toEqual([]);
    expect(await commentIds(author.client, 'shed')).toEqual([c1.id]);
    const check = srv.server.context.db
      .prepare("INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")
      .run();
    expect(check.changes).toBeGreaterThanOrEqual(0);
  });

  it('a comment of a deleted post is not found', async () => {
    const post = (
      await author.client.post<Post>('/api/posts', {
        title: 'Gone soon',
        body: 'x',
        categoryIds: [1],
      })
    ).json;
    const c = (
      await other.client.post<Comment>(`/api/posts/${post.id}/comments`, {
        body: 'quasimodo',
      })
    ).json;
    expect(await commentIds(author.client, 'quasimodo')).toEqual([c.id]);
    await author.client.request('DELETE', `/api/posts/${post.id}`);
    expect(await commentIds(author.client, 'quasimodo')).toEqual([]);
  });
});

describe('GET /api/search: messages and people', () => {
  it('shows a message only to its two people, follows its edit and delete', async () => {
    const la = await connect(srv, author.client);
    await connect(srv, other.client);
    const m = await send(la, other.id, 'The wifi password is marmalade7');
    expect(await messageIds(author.client, 'marmal')).toEqual([m.id]);
    expect(await messageIds(other.client, 'marmalade7')).toEqual([m.id]);
    // The owner is not in the conversation: nothing, whatever the role.
    expect(await messageIds(owner.client, 'marmalade7')).toEqual([]);
    const hit = (await search(other.client, 'wifi', 'messages')).messages!.items[0]!;
    expect(hit.from).toEqual({ id: author.id, nickname: 'zoe_search' });
    expect(hit.peer).toEqual({ id: author.id, nickname: 'zoe_search' });
    const mine = (await search(author.client, 'wifi', 'messages')).messages!.items[0]!;
    expect(mine.peer?.id).toBe(other.id);

    la.send({ type: 'chat.edit', payload: { id: m.id, body: 'The wifi password changed' } });
    await la.next('chat.updated', (e) => e.payload.message.id === m.id);
    expect(await messageIds(author.client, 'marmalade7')).toEqual([]);
    expect(await messageIds(author.client, 'changed')).toEqual([m.id]);
    la.send({ type: 'chat.delete', payload: { id: m.id } });
    await la.next('chat.deleted', (e) => e.payload.id === m.id);
    expect(await messageIds(author.client, 'wifi')).toEqual([]);
  });

  it('finds people by nickname or name, accent-blind, with the match marked', async () => {
    const res = await search(other.client, 'ecriv');
    const hit = res.people!.items.find((p) => p.id === author.id)!;
    expect(hit.name.text).toBe('Zoé Écrivain');
    const [s, e] = hit.name.marks[0]!;
    expect(hit.name.text.slice(s, e)).toBe('Écrivain');
    // Every kind comes back when none is asked for.
    expect(Object.keys(res).sort()).toEqual(['comments', 'messages', 'people', 'posts', 'query']);
  });

  it('pages one kind with before, newest first', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) {
      const p = await owner.client.post<Post>('/api/posts', {
        title: `Lighthouse ${i}`,
        body: 'x',
        categoryIds: [1],
      });
      ids.push(p.json.id);
    }
    const first = (await search(author.client, 'lighthouse', 'posts')).posts!;
    expect(first.items.map((h) => h.id)).toEqual(ids.slice(3).reverse());
    expect(first.nextBefore).toBe(ids[3]);
    const next = await author.client.get<SearchResults>(
      `/api/search?q=lighthouse&kind=posts&before=${first.nextBefore}`,
    );
    expect(next.json.posts).toEqual({
      items: expect.any(Array),
      nextBefore: null,
    });
    expect(next.json.posts!.items.map((h) => h.id)).toEqual(ids.slice(0, 3).reverse());
  });

  it('treats FTS syntax as words, answers empty for no words, rejects bad input clearly', async () => {
    // Quotes, operators, column filters and stars are not syntax errors.
    for (const q of ['"', 'title:x', 'NEAR(a b)', '***', 'a OR', '(', '-']) {
      const res = await author.client.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    const empty = await search(author.client, '  !!  ');
    expect(empty.posts).toEqual({ items: [], nextBefore: null });
    const cases: [string, string, string][] = [
      ['kind=files&q=x', 'kind', 'kind must be posts, comments, messages or people'],
      ['q=x&before=0', 'before', 'Must be a positive whole number'],
      [`q=${'x'.repeat(201)}`, 'q', 'The search must be at most 200 characters'],
      ['q=a&q=b', 'q', 'Give q once'],
    ];
    for (const [qs, field, message] of cases) {
      const res = await author.client.get(`/api/search?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(errorOf(res)).toEqual({
        code: 'VALIDATION_FAILED',
        field,
        message: `Invalid ${field}: ${message}`,
      });
    }
    const anon = await srv.client().get('/api/search?q=x');
    expect(anon.status).toBe(401);
  });
});
