/**
 * (issue 13) Notifications that clear themselves, and a bell that counts what the list shows:
 * - reading a conversation past a message that mentions you (`chat.read`) reads that mention,
 *   on every device, live (`notifications.read` with its id, then a fresh `unread`); mentions
 *   after the read point, and in other conversations, stay unread;
 * - `unread.notificationGroups` is the number of unread ROWS of the grouped list (one per post
 *   and kind), whatever the number of notifications behind them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Comment, Notification, NotificationPage, Post } from '../../common/api';
import type { NotificationGroupPage } from '../../common/attention';
import type { ConversationSummary } from '../../common/conversations';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
let category: number;
let staff: TestClient;
beforeAll(async () => {
  srv = await startTestServer();
  // The first account owns the forum: it makes the rooms.
  staff = (await srv.signup()).client;
  category = (await staff.get<Category[]>('/api/categories')).json[0]!.id;
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

const lastUnread = (live: LiveClient) => live.of('unread').at(-1)?.payload;
let seq = 0;

async function say(live: LiveClient, conversationId: number, body: string) {
  const clientId = `n-${++seq}`;
  live.send({ type: 'chat.send', payload: { conversationId, body, clientId } });
  return (await live.next('chat.message', (e) => e.payload.clientId === clientId)).payload;
}

async function room(name: string, ...people: { client: TestClient; id: number }[]) {
  const res = await staff.post<ConversationSummary>('/api/conversations', { kind: 'room', name });
  expect(res.status).toBe(201);
  for (const p of people) {
    const j = await p.client.post(`/api/conversations/${res.json.id}/members`, { userIds: [p.id] });
    expect(j.status).toBe(200);
  }
  return res.json.id;
}

const unreadMentions = async (client: TestClient): Promise<Notification[]> =>
  (await client.get<NotificationPage>('/api/notifications')).json.items.filter(
    (n) => n.kind === 'mention' && !n.read,
  );

describe('reading a conversation reads its mentions of you', () => {
  it('up to the read point, on every device, live; later ones and other rooms stay', async () => {
    const ann = await srv.signup({ nickname: 'ann_nr' });
    const bob = await srv.signup({ nickname: 'bob_nr' });
    const a = { client: ann.client, id: ann.user.id };
    const b = { client: bob.client, id: bob.user.id };
    const here = await room('mentions here', a, b);
    const there = await room('mentions there', a, b);
    const annLive = await connect(srv, ann.client);
    const phone = await connect(srv, bob.client);
    const desk = await connect(srv, bob.client);

    const m1 = await say(annLive, here, '@bob_nr first');
    await say(annLive, here, 'no mention');
    const m3 = await say(annLive, here, '@bob_nr second');
    const m4 = await say(annLive, there, '@bob_nr elsewhere');
    for (const live of [phone, desk]) {
      await until(() => live.of('notification').length === 3, 'three mentions');
    }
    expect(await unreadMentions(bob.client)).toHaveLength(3);
    const [n1] = phone.of('notification').map((e) => e.payload);
    await until(() => lastUnread(desk)?.notifications === 3, 'bell at 3');

    // The phone reads the room up to the first message: that mention only.
    const mark = desk.events.length;
    phone.send({ type: 'chat.read', payload: { conversationId: here, upTo: m1.id } });
    const read = await desk.next('notifications.read', () => true, { from: mark });
    expect(read.payload).toEqual({ ids: [n1!.id] });
    await until(() => lastUnread(desk)?.notifications === 2, 'desk bell at 2');
    expect(lastUnread(desk)?.notificationGroups).toBe(2);
    expect((await unreadMentions(bob.client)).map((n) => n.messageId)).toEqual([m4.id, m3.id]);

    // Reading to the end of the room: its second mention; the other room's stays.
    phone.send({ type: 'chat.read', payload: { conversationId: here, upTo: m3.id } });
    await until(() => lastUnread(desk)?.notifications === 1, 'desk bell at 1');
    const left = await unreadMentions(bob.client);
    expect(left).toHaveLength(1);
    expect(left[0]!.conversationId).toBe(there);

    // A read that passes no unread mention writes no event.
    const quiet = desk.events.length;
    phone.send({ type: 'chat.read', payload: { conversationId: here, upTo: m3.id } });
    const done = await say(annLive, here, 'after');
    await desk.next('chat.message', (e) => e.payload.id === done.id, { from: quiet });
    expect(desk.of('notifications.read').length).toBe(1 + 1);
  });

  it('a reconnecting device gets the read through resume', async () => {
    const ann = await srv.signup({ nickname: 'ann_rs' });
    const bob = await srv.signup({ nickname: 'bob_rs' });
    const id = await room(
      'resume room',
      { client: ann.client, id: ann.user.id },
      { client: bob.client, id: bob.user.id },
    );
    const annLive = await connect(srv, ann.client);
    const phone = await connect(srv, bob.client);
    const m = await say(annLive, id, 'hey @bob_rs');
    const n = await phone.next('notification', (e) => e.payload.messageId === m.id);
    const since = n.eventId;
    phone.send({ type: 'chat.read', payload: { conversationId: id, upTo: m.id } });
    await until(() => lastUnread(phone)?.notifications === 0, 'read');
    const laptop = await connect(srv, bob.client, { resume: since });
    const replayed = await laptop.next('notifications.read');
    expect(replayed.payload).toEqual({ ids: [n.payload.id] });
  });
});

describe('the bell counts rows of the grouped list', () => {
  async function post(client: TestClient, title: string): Promise<Post> {
    const res = await client.post<Post>('/api/posts', {
      title,
      body: 'B',
      categoryIds: [category],
    });
    expect(res.status).toBe(201);
    return res.json;
  }
  async function comment(client: TestClient, postId: number): Promise<Comment> {
    const res = await client.post<Comment>(`/api/posts/${postId}/comments`, { body: 'c' });
    expect(res.status).toBe(201);
    return res.json;
  }
  const unreadRows = async (client: TestClient): Promise<number> =>
    (
      await client.get<NotificationGroupPage>('/api/notifications/groups?filter=unread&limit=50')
    ).json.items.filter((g) => g.unread > 0).length;

  it('equals the unread rows the list shows, live, as rows grow, appear and are read', async () => {
    const author = await srv.signup({ nickname: 'author_bell' });
    const x = await srv.signup();
    const y = await srv.signup();
    const live = await connect(srv, author.client);
    const first = await post(author.client, 'First');
    const second = await post(author.client, 'Second');

    // Five comments by two people on one post: one row.
    for (let i = 0; i < 3; i++) await comment(x.client, first.id);
    for (let i = 0; i < 2; i++) await comment(y.client, first.id);
    await until(() => lastUnread(live)?.notifications === 5, 'five notifications');
    expect(lastUnread(live)?.notificationGroups).toBe(1);
    expect(await unreadRows(author.client)).toBe(1);

    // A comment on another post and a mention: three rows.
    await comment(x.client, second.id);
    const mention = await x.client.post<Comment>(`/api/posts/${second.id}/comments`, {
      body: 'see @author_bell',
    });
    expect(mention.status).toBe(201);
    await until(() => lastUnread(live)?.notifications === 7, 'seven notifications');
    expect(lastUnread(live)?.notificationGroups).toBe(await unreadRows(author.client));
    expect(lastUnread(live)?.notificationGroups).toBe(3);

    // Opening the first post reads its row: two left, on the bell and in the list.
    expect((await author.client.post(`/api/posts/${first.id}/read`, {})).status).toBe(200);
    await until(() => lastUnread(live)?.notifications === 2, 'two notifications');
    expect(lastUnread(live)?.notificationGroups).toBe(2);
    expect(await unreadRows(author.client)).toBe(2);

    // All read: the field goes (0), as `conversations` does.
    expect(
      (await author.client.post('/api/notifications/read', { all: true })).status,
    ).toBeLessThan(300);
    await until(() => lastUnread(live)?.notifications === 0, 'none');
    expect(lastUnread(live)).not.toHaveProperty('notificationGroups');
  });

  it('counts reactions as the list groups them: one row per comment reacted to', async () => {
    const author = await srv.signup({ nickname: 'author_reac' });
    const x = await srv.signup();
    const y = await srv.signup();
    const live = await connect(srv, author.client);
    const p = await post(author.client, 'Reacted');
    const c1 = await comment(author.client, p.id);
    const c2 = await comment(author.client, p.id);
    const react = async (client: TestClient, id: number) =>
      expect(
        (
          await client.request('PUT', '/api/reactions', {
            json: { type: 'comment', id, emoji: '👍' },
          })
        ).status,
      ).toBe(200);
    await react(x.client, c1.id);
    await react(y.client, c1.id);
    await react(x.client, c2.id);
    await until(() => lastUnread(live)?.notifications === 3, 'three reactions');
    expect(await unreadRows(author.client)).toBe(2);
    expect(lastUnread(live)?.notificationGroups).toBe(2);
  });
});
