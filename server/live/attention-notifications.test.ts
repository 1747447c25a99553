/**
 * Issue 13: notifications grouped per post and kind (growing live, cleared by reading the
 * post on every device), and per-post levels (watching / normal / muted) × each kind.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Comment, NotificationPage, Post } from '../../common/api';
import type { NotificationGroupPage, PostAttention } from '../../common/attention';
import type { PostOpened } from '../services/attention.service';
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
const groupsOf = async (client: TestClient, query = '') =>
  (await client.get<NotificationGroupPage>(`/api/notifications/groups${query}`)).json;
const lastUnread = (live: LiveClient) => live.of('unread').at(-1)?.payload.notifications;
const setLevel = (client: TestClient, postId: number, level: string) =>
  client.request<PostAttention>('PUT', `/api/posts/${postId}/level`, { json: { level } });

describe('grouped notifications', () => {
  it('one row per post and kind: names, count and latest comment’s first line; grows; reading the post clears it on every device', async () => {
    const author = await srv.signup();
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await srv.signup());
    const p = await post(author.client, 'Simulated annealing');
    const phone = await connect(srv, author.client);
    const laptop = await connect(srv, author.client);

    for (const [i, who] of people.entries()) {
      await comment(who.client, p.id, `comment ${i}\nsecond line`);
    }
    await comment(people[0]!.client, p.id, 'again from the first');
    await until(() => lastUnread(phone) === 6, 'six unread notifications');

    const page = await groupsOf(author.client);
    expect(page.items).toHaveLength(1);
    const g = page.items[0]!;
    expect(g).toMatchObject({
      key: `${p.id}:comment_on_post`,
      kind: 'comment_on_post',
      postId: p.id,
      title: 'Simulated annealing',
      actorCount: 5,
      count: 6,
      unread: 6,
      excerpt: 'again from the first',
    });
    // Newest first: the one who commented last, then the one before.
    expect(g.actors.map((a) => a.id)).toEqual([people[0]!.user.id, people[4]!.user.id]);
    const flat = (await author.client.get<NotificationPage>('/api/notifications')).json.items;
    expect(g.latestId).toBe(flat[0]!.id);
    expect(g.commentId).toBe(flat[0]!.commentId);

    // Another post makes a second row on top; the first row keeps its count.
    const other = await post(author.client, 'Other');
    await comment(people[1]!.client, other.id, 'hi');
    const two = await groupsOf(author.client);
    expect(two.items.map((x) => [x.postId, x.count])).toEqual([
      [other.id, 1],
      [p.id, 6],
    ]);
    // Paging walks groups, never splitting one.
    const first = await groupsOf(author.client, '?limit=1');
    expect(first.items.map((x) => x.postId)).toEqual([other.id]);
    const rest = await groupsOf(author.client, `?limit=1&before=${first.nextBefore}`);
    expect(rest.items.map((x) => x.postId)).toEqual([p.id]);
    expect(rest.nextBefore).toBeNull();

    // Opening the notifications (listing them) changed nothing; opening the post clears its row.
    expect(lastUnread(phone)).toBe(7);
    const opened = await author.client.post<PostOpened>(`/api/posts/${p.id}/read`);
    expect(opened.status).toBe(200);
    expect(opened.json.previousLastCommentId).toBeNull();
    for (const s of [phone, laptop]) {
      await s.next('notifications.read', (e) => e.payload.postId === p.id);
      await until(() => lastUnread(s) === 1, 'one unread left on both devices');
    }
    const after = await groupsOf(author.client);
    expect(after.items.find((x) => x.postId === p.id)).toMatchObject({ unread: 0, count: 6 });
    expect((await groupsOf(author.client, '?filter=unread')).items.map((x) => x.postId)).toEqual([
      other.id,
    ]);

    // A new comment after reading starts over: the row speaks of the new one only.
    await comment(people[2]!.client, p.id, 'fresh');
    const again = (await groupsOf(author.client)).items[0]!;
    expect(again).toMatchObject({ postId: p.id, count: 1, unread: 1, actorCount: 1 });
    expect(again.actors.map((a) => a.id)).toEqual([people[2]!.user.id]);

    // A second look with nothing new writes nothing (no event, no unread change).
    await author.client.post(`/api/posts/${p.id}/read`);
    const before = srv.server.context.events.lastId();
    const second = await author.client.post<PostOpened>(`/api/posts/${p.id}/read`);
    expect(second.json.previousLastCommentId).toBeGreaterThan(0);
    expect(srv.server.context.events.lastId()).toBe(before);
  });

  it('mentions filter selects only `mention` notifications; bad queries get clear errors', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const p = await post(a.client);
    await comment(b.client, p.id);
    expect((await groupsOf(a.client, '?filter=mentions')).items).toEqual([]);
    const bad = await a.client.get('/api/notifications/groups?filter=loud');
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'filter' });
    expect((await srv.client().get('/api/notifications/groups')).status).toBe(401);
    expect((await a.client.post('/api/posts/99999/read')).status).toBe(404);
    expect((await a.client.post('/api/posts/abc/read')).status).toBe(400);
  });
});

describe('per-post levels', () => {
  it('watching / normal / muted × comment on your post, on your thread, on a post you only watch', async () => {
    const author = await srv.signup();
    const commenter = await srv.signup();
    const watcher = await srv.signup();
    const stranger = await srv.signup();
    const actor = await srv.signup();
    const p = await post(author.client, 'Levels');
    await comment(commenter.client, p.id, 'first');
    expect(await setLevel(watcher.client, p.id, 'watching')).toMatchObject({
      status: 200,
      json: { level: 'watching', explicit: true },
    });
    expect((await stranger.client.get<PostAttention>(`/api/posts/${p.id}/level`)).json).toEqual({
      level: 'normal',
      explicit: false,
    });

    const count = async (who: { client: TestClient }) =>
      (await who.client.get<NotificationPage>('/api/notifications')).json.items.filter(
        (n) => n.postId === p.id,
      ).length;
    const base = {
      author: await count(author),
      commenter: await count(commenter),
      watcher: await count(watcher),
    };
    await comment(actor.client, p.id, 'one');
    // Normal: the author (their post) and the commenter (their thread); watching: the watcher.
    expect(await count(author)).toBe(base.author + 1);
    expect(await count(commenter)).toBe(base.commenter + 1);
    expect(await count(watcher)).toBe(base.watcher + 1);
    expect(await count(stranger)).toBe(0);
    const watched = (await watcher.client.get<NotificationPage>('/api/notifications')).json
      .items[0]!;
    expect(watched).toMatchObject({
      kind: 'comment_on_thread',
      text: `${actor.user.nickname} commented on “Levels”`,
    });

    // Muted: nothing, whether author, commenter or watcher.
    for (const who of [author, commenter, watcher]) await setLevel(who.client, p.id, 'muted');
    await comment(actor.client, p.id, 'two');
    expect(await count(author)).toBe(base.author + 1);
    expect(await count(commenter)).toBe(base.commenter + 1);
    expect(await count(watcher)).toBe(base.watcher + 1);

    // Back to normal: author and commenter hear again, the former watcher does not.
    for (const who of [author, commenter, watcher]) await setLevel(who.client, p.id, 'normal');
    await comment(actor.client, p.id, 'three');
    expect(await count(author)).toBe(base.author + 2);
    expect(await count(commenter)).toBe(base.commenter + 2);
    expect(await count(watcher)).toBe(base.watcher + 1);

    const bad = await setLevel(author.client, p.id, 'loud');
    expect(errorOf(bad)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'level must be one of: watching, normal, muted',
    });
    expect((await setLevel(author.client, 99999, 'muted')).status).toBe(404);
    expect(
      (await srv.client().request('PUT', `/api/posts/${p.id}/level`, { json: { level: 'muted' } }))
        .status,
    ).toBe(401);
  });
});
