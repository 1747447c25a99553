/**
 * `post_in_category` notifications: a new post notifies the followers of its categories,
 * once each however many of them they follow, never its author nor anyone else; live with the
 * unread count, stored for offline users, replayed on resume, and written in bulk for a
 * category with thousands of followers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryListItem, Notification, NotificationPage, Post } from '../../common/api';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
const cat: Record<string, number> = {};
beforeAll(async () => {
  srv = await startTestServer();
  const someone = await srv.signup();
  for (const c of (await someone.client.get<CategoryListItem[]>('/api/categories')).json) {
    cat[c.name] = c.id;
  }
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

async function follow(client: TestClient, ...names: string[]): Promise<void> {
  for (const name of names) {
    const res = await client.request('PUT', `/api/categories/${cat[name]}/follow`);
    if (res.status !== 204) throw new Error(res.text);
  }
}

async function post(client: TestClient, title: string, ...names: string[]): Promise<Post> {
  const res = await client.post<Post>('/api/posts', {
    title,
    body: 'Body',
    categoryIds: names.map((n) => cat[n]),
  });
  if (res.status !== 201) throw new Error(res.text);
  return res.json;
}

const notificationsOf = async (client: TestClient): Promise<Notification[]> =>
  (await client.get<NotificationPage>('/api/notifications')).json.items;
const lastUnread = (live: LiveClient) => live.of('unread').at(-1)?.payload.notifications;
const sawPost = (live: LiveClient, id: number) =>
  live.next('post.created', (e) => e.payload.post.id === id);

describe('post_in_category notifications', () => {
  it('go to the followers of the post’s categories only, never to its author', async () => {
    const author = await srv.signup();
    const fan = await srv.signup();
    const other = await srv.signup();
    const bystander = await srv.signup();
    await follow(author.client, 'Movies'); // the author follows it too: still not notified
    await follow(fan.client, 'Movies');
    await follow(other.client, 'Culture');
    const live = {
      author: await connect(srv, author.client),
      fan: await connect(srv, fan.client),
      other: await connect(srv, other.client),
      bystander: await connect(srv, bystander.client),
    };
    await until(() => lastUnread(live.fan) === 0, 'fan unread 0 on connect');

    const p = await post(author.client, 'Film night', 'Movies');
    const n = await live.fan.next('notification');
    expect(n.payload).toEqual({
      id: expect.any(Number),
      kind: 'post_in_category',
      actor: { id: author.user.id, nickname: author.user.nickname },
      postId: p.id,
      text: `${author.user.nickname} posted “Film night” in Movies`,
      createdAt: p.createdAt,
      read: false,
    });
    // The post's own event comes first: a client that opens the post finds it in its feed.
    const created = await sawPost(live.fan, p.id);
    expect(n.eventId).toBeGreaterThan(created.eventId);
    await until(() => lastUnread(live.fan) === 1, 'fan unread 1');
    expect(await notificationsOf(fan.client)).toEqual([n.payload]);

    for (const who of ['author', 'other', 'bystander'] as const) await sawPost(live[who], p.id);
    // A later event on every socket proves nothing else was on its way for this post.
    const marker = await post(bystander.client, 'Marker', 'General');
    for (const who of ['author', 'other', 'bystander'] as const) {
      await sawPost(live[who], marker.id);
      expect(live[who].of('notification'), who).toEqual([]);
    }
    for (const who of [author, other, bystander])
      expect(await notificationsOf(who.client)).toEqual([]);
  });

  it('a post in two followed categories gives one notification', async () => {
    const author = await srv.signup();
    const fan = await srv.signup();
    await follow(fan.client, 'Sport', 'Music', 'Science');
    const lf = await connect(srv, fan.client);
    const p = await post(author.client, 'Stadium gig', 'Sport', 'Music');
    const n = await lf.next('notification');
    expect(n.payload.text).toBe(`${author.user.nickname} posted “Stadium gig” in Sport, Music`);
    const marker = await post(author.client, 'Marker', 'General');
    await sawPost(lf, marker.id);
    expect(lf.of('notification')).toHaveLength(1);
    expect((await notificationsOf(fan.client)).map((x) => x.postId)).toEqual([p.id]);
    await until(() => lastUnread(lf) === 1, 'unread 1');
  });

  it('stop after unfollowing', async () => {
    const author = await srv.signup();
    const fan = await srv.signup();
    await follow(fan.client, 'Politics');
    await post(author.client, 'First', 'Politics');
    await fan.client.request('DELETE', `/api/categories/${cat.Politics}/follow`);
    await post(author.client, 'Second', 'Politics');
    expect((await notificationsOf(fan.client)).map((x) => x.text)).toEqual([
      `${author.user.nickname} posted “First” in Politics`,
    ]);
  });

  it('reach every socket of the follower, and read marks clear them everywhere', async () => {
    const author = await srv.signup();
    const fan = await srv.signup();
    await follow(fan.client, 'Technology');
    const s1 = await connect(srv, fan.client);
    const s2 = await connect(srv, fan.client);
    await post(author.client, 'New laptop', 'Technology');
    const [n1, n2] = [await s1.next('notification'), await s2.next('notification')];
    expect(n1).toEqual(n2);
    for (const s of [s1, s2]) await until(() => lastUnread(s) === 1, 'unread 1 on both');
    await fan.client.post('/api/notifications/read', { ids: [n1.payload.id] });
    for (const s of [s1, s2]) await until(() => lastUnread(s) === 0, 'unread 0 on both');
  });

  it('are stored for an offline follower and replayed on resume, in order', async () => {
    const author = await srv.signup();
    const fan = await srv.signup();
    await follow(fan.client, 'Culture');
    const first = await connect(srv, fan.client);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();

    const p = await post(author.client, 'Museum day', 'Culture');
    const stored = await notificationsOf(fan.client);
    expect(stored).toHaveLength(1);

    const back = await connect(srv, fan.client, { resume: since });
    const n = await back.next('notification');
    expect(n.payload).toEqual(stored[0]);
    const types = back.events.filter((e) => 'eventId' in e).map((e) => e.type);
    expect(types).toEqual(['post.created', 'notification']);
    expect(back.of('post.created')[0]!.payload.post.id).toBe(p.id);
    expect(back.of('unread')[0]!.payload.notifications).toBe(1);
  });

  it('a category with 2,000 followers: one notification and one event each, in bulk', async () => {
    const author = await srv.signup();
    const { db } = srv.server.context;
    // Followers made straight in the database: signing up 2,000 users over HTTP would spend
    // the test's time on password hashing, not on what is tested.
    const ids = db.transaction(() => {
      const user = db.prepare<{ n: number }, { id: number }>(
        `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
         VALUES ('bulk' || :n, 'bulk' || :n || '@example.com', 'x', 'B', 'U', 30, 'other', '2025-01-01T00:00:00.000Z')
         RETURNING id`,
      );
      const followRow = db.prepare<{ u: number; c: number }, never>(
        'INSERT INTO category_follows (user_id, category_id) VALUES (:u, :c)',
      );
      const out: number[] = [];
      for (let n = 0; n < 2000; n++) {
        const id = user.get({ n })!.id;
        followRow.run({ u: id, c: cat.Science! });
        // Half of them follow a second category of the post as well.
        if (n % 2 === 0) followRow.run({ u: id, c: cat.Technology! });
        out.push(id);
      }
      return out;
    })();
    const beforeEvent = srv.server.context.events.lastId();

    const p = await post(author.client, 'Telescope', 'Science', 'Technology');
    const rows = db
      .prepare<{ p: number }, { user_id: number; id: number }>(
        "SELECT user_id, id FROM notifications WHERE post_id = :p AND kind = 'post_in_category' ORDER BY user_id",
      )
      .all({ p: p.id });
    // Earlier tests' Technology followers are notified too; the 2,000 each exactly once.
    const bulk = rows.filter((r) => ids.includes(r.user_id));
    expect(bulk.map((r) => r.user_id)).toEqual(ids);

    const events = db
      .prepare<{ after: number }, { type: string; payload: string; recipient_a: number | null }>(
        'SELECT type, payload, recipient_a FROM events WHERE id > :after ORDER BY id',
      )
      .all({ after: beforeEvent });
    expect(events[0]!.type).toBe('post.created');
    const notes = events.slice(1);
    expect(notes).toHaveLength(rows.length);
    expect(new Set(notes.map((e) => e.recipient_a)).size).toBe(rows.length);
    // Each payload is exactly what the one-by-one path (and GET /api/notifications) gives.
    const byUser = new Map(rows.map((r) => [r.user_id, r.id]));
    for (const e of notes) {
      expect(e.type).toBe('notification');
      const n = JSON.parse(e.payload) as Notification;
      expect(n.id).toBe(byUser.get(e.recipient_a!));
      expect(e.payload).toBe(
        JSON.stringify({
          id: n.id,
          kind: 'post_in_category',
          actor: { id: author.user.id, nickname: author.user.nickname },
          postId: p.id,
          text: `${author.user.nickname} posted “Telescope” in Science, Technology`,
          createdAt: p.createdAt,
          read: false,
        }),
      );
    }
  });
});
