/**
 * Live forum events (post.created, comment.created, user.joined) and notifications: who gets
 * them (the post's author and the thread's participants, never the actor), the REST list and
 * read marks, and the unread counts pushed to every socket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Comment, NotificationPage, Post } from '../../common/api';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
let category: number;
beforeAll(async () => {
  srv = await startTestServer();
  const someone = await srv.signup();
  category = (await someone.client.get<Category[]>('/api/categories')).json[0]!.id;
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

async function post(client: TestClient, title = 'A post'): Promise<Post> {
  const res = await client.post<Post>('/api/posts', {
    title,
    body: 'Body',
    categoryIds: [category],
  });
  if (res.status !== 201) throw new Error(res.text);
  return res.json;
}

async function comment(client: TestClient, postId: number, body = 'A comment'): Promise<Comment> {
  const res = await client.post<Comment>(`/api/posts/${postId}/comments`, { body });
  if (res.status !== 201) throw new Error(res.text);
  return res.json;
}

const notificationsOf = async (client: TestClient) =>
  (await client.get<NotificationPage>('/api/notifications')).json;
const lastUnread = (live: LiveClient) => live.of('unread').at(-1)?.payload.notifications;

describe('live forum events', () => {
  it('post.created and comment.created reach every connected user, with eventIds', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    const p = await post(a.client, 'Live post');
    for (const live of [la, lb]) {
      const e = await live.next('post.created', (x) => x.payload.post.id === p.id);
      expect(e.payload.post).toEqual(p);
      expect(e.eventId).toBeGreaterThan(0);
    }
    const c = await comment(b.client, p.id);
    for (const live of [la, lb]) {
      const e = await live.next('comment.created', (x) => x.payload.comment.id === c.id);
      expect(e.payload.comment).toEqual(c);
    }
  });

  it('user.joined announces a new account to everyone connected', async () => {
    const a = await srv.signup();
    const la = await connect(srv, a.client);
    const b = await srv.signup();
    const e = await la.next('user.joined', (x) => x.payload.user.id === b.user.id);
    expect(e.payload.user).toEqual({ id: b.user.id, nickname: b.user.nickname });
  });

  it('the event-log row commits with the post: a failed write leaves neither', async () => {
    const a = await srv.signup();
    const before = srv.server.context.events.lastId();
    const bad = await a.client.post('/api/posts', {
      title: 'x',
      body: 'y',
      categoryIds: [999],
    });
    expect(bad.status).toBe(400);
    const missing = await a.client.post('/api/posts/999999/comments', { body: 'into the void' });
    expect(missing.status).toBe(404);
    expect(srv.server.context.events.lastId()).toBe(before);
    await post(a.client);
    expect(srv.server.context.events.lastId()).toBe(before + 1);
  });
});

describe('notifications', () => {
  it('go to the post’s author and earlier commenters, never to the one who acted', async () => {
    const author = await srv.signup();
    const first = await srv.signup();
    const second = await srv.signup();
    const bystander = await srv.signup();
    const live: Record<string, LiveClient> = {};
    for (const [k, who] of Object.entries({ author, first, second, bystander })) {
      live[k] = await connect(srv, who.client);
    }
    const p = await post(author.client, 'Jam session');

    await comment(first.client, p.id, 'count me in');
    const n1 = await live.author!.next('notification');
    expect(n1.payload).toEqual({
      id: expect.any(Number),
      kind: 'comment_on_post',
      actor: { id: first.user.id, nickname: first.user.nickname },
      postId: p.id,
      commentId: expect.any(Number),
      text: `${first.user.nickname} commented on your post “Jam session”`,
      createdAt: expect.stringMatching(/Z$/),
      read: false,
    });
    await until(() => lastUnread(live.author!) === 1, 'author unread 1');

    await comment(second.client, p.id, 'me too');
    const n2 = await live.first!.next('notification');
    expect(n2.payload).toMatchObject({
      kind: 'comment_on_thread',
      actor: { id: second.user.id },
      text: `${second.user.nickname} also commented on “Jam session”`,
    });
    await until(() => lastUnread(live.author!) === 2, 'author unread 2');

    // The author answers on their own post: the two commenters hear of it, the author not.
    await comment(author.client, p.id, 'great');
    await live.second!.next('notification', (e) => e.payload.actor.id === author.user.id);
    await live.first!.next('notification', (e) => e.payload.actor.id === author.user.id);

    const kinds = async (who: { client: TestClient }) =>
      (await notificationsOf(who.client)).items.map((n) => `${n.kind}:${n.actor.id}`);
    expect(await kinds(author)).toEqual([
      `comment_on_post:${second.user.id}`,
      `comment_on_post:${first.user.id}`,
    ]);
    expect(await kinds(first)).toEqual([
      `comment_on_thread:${author.user.id}`,
      `comment_on_thread:${second.user.id}`,
    ]);
    expect(await kinds(second)).toEqual([`comment_on_thread:${author.user.id}`]);
    expect(await kinds(bystander)).toEqual([]);
    expect(live.bystander!.of('notification')).toEqual([]);
    expect(live.author!.of('notification')).toHaveLength(2);
  });

  it('commenting on your own post notifies nobody', async () => {
    const a = await srv.signup();
    const la = await connect(srv, a.client);
    const p = await post(a.client);
    const c = await comment(a.client, p.id);
    await la.next('comment.created', (e) => e.payload.comment.id === c.id);
    expect((await notificationsOf(a.client)).items).toEqual([]);
    expect(la.of('notification')).toEqual([]);
  });

  it('are stored for offline users and counted in unread on connect', async () => {
    const author = await srv.signup();
    const other = await srv.signup();
    const p = await post(author.client);
    await comment(other.client, p.id);
    await comment(other.client, p.id);
    const live = await connect(srv, author.client);
    expect(live.of('unread')[0]!.payload.notifications).toBe(2);
  });

  it('GET /api/notifications pages newest first; POST read marks ids or all, pushing unread to every socket', async () => {
    const author = await srv.signup();
    const other = await srv.signup();
    const p = await post(author.client);
    for (let i = 0; i < 5; i++) await comment(other.client, p.id, `c${i}`);
    const s1 = await connect(srv, author.client);
    const s2 = await connect(srv, author.client);

    const page1 = await author.client.get<NotificationPage>('/api/notifications?limit=3');
    expect(page1.json.items).toHaveLength(3);
    const ids = page1.json.items.map((n) => n.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(page1.json.nextBefore).toBe(ids[2]);
    const page2 = await author.client.get<NotificationPage>(
      `/api/notifications?limit=3&before=${page1.json.nextBefore}`,
    );
    expect(page2.json.items).toHaveLength(2);
    expect(page2.json.nextBefore).toBeNull();

    const read = await author.client.post('/api/notifications/read', { ids: ids.slice(0, 2) });
    expect(read.status).toBe(204);
    for (const s of [s1, s2]) await until(() => lastUnread(s) === 3, 'unread 3 on both sockets');
    const after = (await notificationsOf(author.client)).items;
    expect(after.filter((n) => n.read).map((n) => n.id)).toEqual(ids.slice(0, 2));

    // Someone else's ids are ignored.
    await other.client.post('/api/notifications/read', { ids: [ids[2]!] });
    expect((await notificationsOf(author.client)).items.find((n) => n.id === ids[2])?.read).toBe(
      false,
    );

    expect((await author.client.post('/api/notifications/read', { all: true })).status).toBe(204);
    for (const s of [s1, s2]) await until(() => lastUnread(s) === 0, 'unread 0 on both sockets');
  });

  it('validates the read request and requires a session', async () => {
    const a = await srv.signup();
    const how = 'Send {"all": true}, or {"ids": [...]} with 1 to 500 notification ids';
    for (const [body, message] of [
      [{}, how],
      [{ ids: [] }, how],
      [{ all: false }, how],
      [{ ids: [1], all: true }, how],
      [{ ids: ['x'] }, 'Notification ids are positive whole numbers'],
    ] as const) {
      const res = await a.client.post('/api/notifications/read', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      // Written for people: what to send instead, not the schema library's wording.
      expect(errorOf(res), JSON.stringify(body)).toMatchObject({
        code: 'VALIDATION_FAILED',
        message,
      });
    }
    const notObject = await a.client.post('/api/notifications/read', [1, 2]);
    expect(errorOf(notObject).message).toBe('The request body must be a JSON object.');
    expect((await srv.client().get('/api/notifications')).status).toBe(401);
    expect((await srv.client().post('/api/notifications/read', { all: true })).status).toBe(401);
    const badCursor = await a.client.get('/api/notifications?before=nope');
    expect(errorOf(badCursor)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'before' });
  });
});
