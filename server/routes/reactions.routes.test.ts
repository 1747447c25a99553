/**
 * Reactions (issue 12): toggling and idempotency, validation, what cannot be reacted to, the
 * batch read; live events through the outbox (everyone for posts and comments, the two
 * people for a message) and replay on resume; the feed's counts (the cached page follows a
 * reaction at once) and its filters "My posts" and "Posts I liked", with a category.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChatMessage,
  Comment,
  ItemReactions,
  Post,
  PostPage,
  ReactionsList,
} from '../../common/api';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

let srv: TestServer;
let ana: { client: TestClient; id: number };
let ben: { client: TestClient; id: number };
let cy: { client: TestClient; id: number };
let seq = 0;

beforeAll(async () => {
  srv = await startTestServer({ rateLimit: false });
  const o = await srv.signup({ nickname: 'ana_r' });
  ana = { client: o.client, id: o.user.id };
  const b = await srv.signup({ nickname: 'ben_r' });
  ben = { client: b.client, id: b.user.id };
  const c = await srv.signup({ nickname: 'cy_r' });
  cy = { client: c.client, id: c.user.id };
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

async function newPost(c: TestClient, categoryIds = [1]): Promise<Post> {
  seq += 1;
  const res = await c.post<Post>('/api/posts', { title: `R${seq}`, body: 'b', categoryIds });
  expect(res.status).toBe(201);
  return res.json;
}
// A second apart, as people click: an emoji's place is where it first appeared.
const react = (c: TestClient, type: string, id: number, emoji: string, method = 'PUT') => {
  srv.clock.advance(1000);
  return c.request<ItemReactions>(method, '/api/reactions', { json: { type, id, emoji } });
};

describe('PUT and DELETE /api/reactions', () => {
  it('toggles, counts, names who reacted, and repeats without changing anything', async () => {
    const post = await newPost(ana.client);
    await react(ben.client, 'post', post.id, '👍');
    const again = await react(ben.client, 'post', post.id, '👍');
    expect(again.status).toBe(200);
    await react(cy.client, 'post', post.id, '👍');
    const heart = await react(cy.client, 'post', post.id, '❤️');
    expect(heart.json).toEqual({
      type: 'post',
      id: post.id,
      reactions: [
        { emoji: '👍', count: 2, mine: true, who: ['ben_r', 'cy_r'] },
        { emoji: '❤️', count: 1, mine: true, who: ['cy_r'] },
      ],
    });
    // As ana sees it: nothing of hers.
    const list = await ana.client.get<ReactionsList>(`/api/reactions?type=post&ids=${post.id}`);
    expect(list.json.items[0]!.reactions.map((r) => [r.emoji, r.count, r.mine])).toEqual([
      ['👍', 2, false],
      ['❤️', 1, false],
    ]);
    const off = await react(ben.client, 'post', post.id, '👍', 'DELETE');
    expect(off.json.reactions[0]).toEqual({ emoji: '👍', count: 1, mine: false, who: ['cy_r'] });
    const offAgain = await react(ben.client, 'post', post.id, '👍', 'DELETE');
    expect(offAgain.status).toBe(200);
    expect(offAgain.json.reactions[0]!.count).toBe(1);
  });

  it('rejects bad input with a clear error, and deleted or unknown items with 404', async () => {
    const post = await newPost(ana.client);
    const cases: [unknown, string, string][] = [
      [
        { type: 'post', id: post.id, emoji: '<b>' },
        'emoji',
        'That emoji is not one of the reactions',
      ],
      [{ type: 'user', id: 1, emoji: '👍' }, 'type', 'type must be post, comment or message'],
      [{ type: 'post', id: -1, emoji: '👍' }, 'id', 'id must be a positive whole number'],
      [{ type: 'post', id: post.id }, 'emoji', 'emoji is required'],
      [{ type: 'post', id: post.id, emoji: '👍', user: 3 }, 'user', 'Unknown field "user".'],
    ];
    for (const [json, field, message] of cases) {
      const res = await ana.client.request('PUT', '/api/reactions', { json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(errorOf(res)).toEqual({ code: 'VALIDATION_FAILED', field, message });
    }
    const c = (await ana.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'x' }))
      .json;
    await ana.client.request('DELETE', `/api/comments/${c.id}`);
    expect((await react(ben.client, 'comment', c.id, '👍')).status).toBe(404);
    await ana.client.request('DELETE', `/api/posts/${post.id}`);
    expect(errorOf(await react(ben.client, 'post', post.id, '👍'))).toEqual({
      code: 'NOT_FOUND',
      message: `There is no post ${post.id}.`,
    });
    expect((await react(ben.client, 'message', 999_999, '👍')).status).toBe(404);
    expect((await srv.client().request('PUT', '/api/reactions', { json: {} })).status).toBe(401);
    const badList = await ana.client.get('/api/reactions?type=post&ids=1,x');
    expect(errorOf(badList)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'ids' });
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await ana.client.get(`/api/reactions?type=post&ids=${tooMany}`)).status).toBe(400);
  });
});

describe('reaction events', () => {
  it('go live to everyone for a post, to the two people for a message, once each', async () => {
    const la = await connect(srv, ana.client);
    const lb = await connect(srv, ben.client);
    const lc = await connect(srv, cy.client);
    const post = await newPost(ana.client);
    const mark = lc.events.length;
    await react(ben.client, 'post', post.id, '🎉');
    await react(ben.client, 'post', post.id, '🎉'); // no second event
    for (const live of [la, lb, lc]) {
      const e = await live.next('reaction.added', (x) => x.payload.id === post.id);
      expect(e.payload).toEqual({
        type: 'post',
        id: post.id,
        emoji: '🎉',
        user: { id: ben.id, nickname: 'ben_r' },
      });
    }

    const clientId = 'r-msg';
    la.send({ type: 'chat.send', payload: { to: ben.id, body: 'lunch?', clientId } });
    const m: ChatMessage = (await la.next('chat.message', (e) => e.payload.clientId === clientId))
      .payload;
    await react(ben.client, 'message', m.id, '👍');
    await la.next('reaction.added', (e) => e.payload.type === 'message' && e.payload.id === m.id);
    await lb.next('reaction.added', (e) => e.payload.type === 'message' && e.payload.id === m.id);
    await react(ben.client, 'message', m.id, '👍', 'DELETE');
    await la.next('reaction.removed', (e) => e.payload.id === m.id);
    // cy is in neither conversation: only the post's one reaction.added reached cy.
    const seen = lc.events.slice(mark).filter((e) => e.type.startsWith('reaction.'));
    expect(seen).toHaveLength(1);
  });

  it('are replayed on resume: none missed, none twice', async () => {
    const lc = await connect(srv, cy.client);
    const post = await newPost(ana.client);
    await react(ana.client, 'post', post.id, '👍');
    await lc.next('reaction.added', (e) => e.payload.id === post.id);
    const since = Math.max(...lc.eventIds());
    lc.close();
    await react(ben.client, 'post', post.id, '😂');
    await react(ana.client, 'post', post.id, '👍', 'DELETE');
    await react(ben.client, 'post', post.id, '😂'); // no change: no event
    const back = await connect(srv, cy.client, { resume: since });
    const removed = await back.next('reaction.removed', (e) => e.payload.id === post.id);
    const mine = back.events.filter(
      (e) =>
        (e.type === 'reaction.added' || e.type === 'reaction.removed') && e.payload.id === post.id,
    );
    expect(mine.map((e) => [e.type, 'emoji' in e.payload ? e.payload.emoji : ''])).toEqual([
      ['reaction.added', '😂'],
      ['reaction.removed', '👍'],
    ]);
    expect(removed.payload.user.id).toBe(ana.id);
    const ids = back.eventIds();
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the feed', () => {
  it("carries each post's counts, and the cached page follows a reaction at once", async () => {
    const post = await newPost(ana.client);
    const first = await ben.client.get<PostPage>('/api/posts?limit=5');
    expect(first.json.items.find((p) => p.id === post.id)?.reactions).toBeUndefined();
    await react(ben.client, 'post', post.id, '❤️');
    await react(cy.client, 'post', post.id, '❤️');
    await react(cy.client, 'post', post.id, '😮');
    const next = await ben.client.get<PostPage>('/api/posts?limit=5');
    expect(next.json.items.find((p) => p.id === post.id)?.reactions).toEqual([
      { emoji: '❤️', count: 2 },
      { emoji: '😮', count: 1 },
    ]);
  });

  it('filters My posts and Posts I liked (👍 or ❤️), with a category, paged', async () => {
    const a1 = await newPost(ana.client, [1]);
    const a2 = await newPost(ana.client, [2]);
    const b1 = await newPost(ben.client, [1]);
    const b2 = await newPost(ben.client, [2]);
    const b3 = await newPost(ben.client, [1]);
    await react(ana.client, 'post', b1.id, '👍');
    await react(ana.client, 'post', b1.id, '❤️'); // both: listed once
    await react(ana.client, 'post', b2.id, '❤️');
    await react(ana.client, 'post', b3.id, '😂'); // not a like
    await react(ana.client, 'post', a2.id, '👍'); // her own, liked
    const ids = async (qs: string) => {
      const res = await ana.client.get<PostPage>(`/api/posts?${qs}`);
      expect(res.status, qs).toBe(200);
      return res.json.items.map((p) => p.id);
    };
    const mine = await ids('mine=1');
    expect(mine.slice(0, 2)).toEqual([a2.id, a1.id]);
    expect(mine).not.toContain(b1.id);
    expect(await ids('mine=1&category=1')).toEqual(
      mine.filter((id) => id !== a2.id && id <= a1.id),
    );
    expect(await ids('liked=1')).toEqual([b2.id, b1.id, a2.id]);
    expect(await ids('liked=1&category=1')).toEqual([b1.id]);
    expect(await ids('liked=1&mine=1')).toEqual([a2.id]);
    const page = await ana.client.get<PostPage>('/api/posts?liked=1&limit=2');
    expect(page.json.nextBefore).toBe(b1.id);
    expect(await ids(`liked=1&limit=2&before=${page.json.nextBefore}`)).toEqual([a2.id]);
    // Another reader's filters are their own.
    const benLiked = await ben.client.get<PostPage>('/api/posts?liked=1');
    expect(benLiked.json.items.map((p) => p.id)).not.toContain(b1.id);
    const bad = await ana.client.get('/api/posts?mine=yes');
    expect(errorOf(bad)).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'mine',
      message: 'Invalid mine: mine must be 1',
    });
  });
});
