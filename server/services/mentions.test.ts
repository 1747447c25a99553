/**
 * @mentions on a real server: who gets a `mention` notification (REST and live), on create
 * and on edit (only added names), and who never does (the author, someone who cannot see the
 * item, someone the same write already tells, a name nobody has).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Comment, Notification, NotificationPage, Post } from '../../common/api';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

let t: TestServer;
const people: Record<string, { client: TestClient; id: number }> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const name of ['ana_m', 'bob_m', 'cy_m', 'dee_m']) {
    const { client, user } = await t.signup({ nickname: name });
    people[name] = { client, id: user.id };
  }
});
afterEach(closeAllClients);
afterAll(() => t.close());

const who = (name: string) => people[name]!;
async function mentionsOf(name: string): Promise<Notification[]> {
  const page = await who(name).client.get<NotificationPage>('/api/notifications?limit=50');
  return page.json.items.filter((n) => n.kind === 'mention');
}
async function kindsOf(name: string, where: (n: Notification) => boolean): Promise<string[]> {
  const page = await who(name).client.get<NotificationPage>('/api/notifications?limit=50');
  return page.json.items.filter(where).map((n) => n.kind);
}
const patch = <T>(c: TestClient, path: string, json: unknown) =>
  c.request<T>('PATCH', path, { json });

describe('mentions in posts', () => {
  it('notifies the people named, live, once each, never the author or unknown names', async () => {
    const bobLive = await connect(t, who('bob_m').client);
    const before = bobLive.events.length;
    const post = (
      await who('ana_m').client.post<Post>('/api/posts', {
        title: 'Plans',
        body: 'Hi @Bob_m and @bob_m, @ana_m (me), @nobody_here, `@cy_m` in code',
        categoryIds: [1],
      })
    ).json;
    const live = await bobLive.next('notification', (e) => e.payload.kind === 'mention', {
      from: before,
    });
    expect(live.payload).toMatchObject({
      kind: 'mention',
      actor: { id: who('ana_m').id, nickname: 'ana_m' },
      postId: post.id,
      text: 'ana_m mentioned you in “Plans”',
      read: false,
    });
    expect((await mentionsOf('bob_m')).filter((n) => n.postId === post.id)).toHaveLength(1);
    expect(await mentionsOf('ana_m')).toEqual([]);
    expect((await mentionsOf('cy_m')).filter((n) => n.postId === post.id)).toEqual([]);
  });

  it('an edit notifies only the names it adds', async () => {
    const ana = who('ana_m').client;
    const post = (
      await ana.post<Post>('/api/posts', { title: 'Edit me', body: 'cc @bob_m', categoryIds: [1] })
    ).json;
    const res = await patch(ana, `/api/posts/${post.id}`, { body: 'cc @bob_m and @cy_m' });
    expect(res.status).toBe(200);
    await patch(ana, `/api/posts/${post.id}`, { body: 'cc @BOB_M and @cy_m, typo fixed' });
    expect((await mentionsOf('bob_m')).filter((n) => n.postId === post.id)).toHaveLength(1);
    expect((await mentionsOf('cy_m')).filter((n) => n.postId === post.id)).toHaveLength(1);
  });
});

describe('mentions in comments', () => {
  it('replaces "commented on your post" for the mentioned author; others keep theirs', async () => {
    const post = (
      await who('cy_m').client.post<Post>('/api/posts', {
        title: 'Thread',
        body: 'talk',
        categoryIds: [2],
      })
    ).json;
    await who('dee_m').client.post(`/api/posts/${post.id}/comments`, { body: 'first' });
    const comment = (
      await who('bob_m').client.post<Comment>(`/api/posts/${post.id}/comments`, {
        body: '@cy_m look',
      })
    ).json;
    const about = (n: Notification) => n.commentId === comment.id;
    expect(await kindsOf('cy_m', about)).toEqual(['mention']);
    expect(await kindsOf('dee_m', about)).toEqual(['comment_on_thread']);
    const [n] = (await mentionsOf('cy_m')).filter(about);
    expect(n?.text).toBe('bob_m mentioned you in a comment on “Thread”');

    await patch(who('bob_m').client, `/api/comments/${comment.id}`, { body: '@cy_m look, @dee_m' });
    expect(await kindsOf('dee_m', about)).toEqual(['mention', 'comment_on_thread']);
    expect(await kindsOf('cy_m', about)).toEqual(['mention']);
  });

  it('a deleted comment takes its mentions along', async () => {
    const post = (
      await who('ana_m').client.post<Post>('/api/posts', {
        title: 'Gone',
        body: 'x',
        categoryIds: [1],
      })
    ).json;
    const comment = (
      await who('cy_m').client.post<Comment>(`/api/posts/${post.id}/comments`, { body: '@dee_m' })
    ).json;
    expect(await kindsOf('dee_m', (n) => n.commentId === comment.id)).toEqual(['mention']);
    await who('cy_m').client.request('DELETE', `/api/comments/${comment.id}`);
    expect(await kindsOf('dee_m', (n) => n.commentId === comment.id)).toEqual([]);
  });
});

describe('mentions in private messages', () => {
  async function send(live: LiveClient, to: number, body: string): Promise<ChatMessage> {
    const clientId = `m-${body.length}-${Math.random()}`;
    live.send({ type: 'chat.send', payload: { to, body, clientId } });
    return (await live.next('chat.message', (e) => e.payload.clientId === clientId)).payload;
  }

  it('never notifies someone outside the conversation, nor the recipient twice', async () => {
    const anaLive = await connect(t, who('ana_m').client);
    const message = await send(anaLive, who('bob_m').id, 'hey @bob_m, ask @dee_m');
    anaLive.send({
      type: 'chat.edit',
      payload: { id: message.id, body: 'hey @bob_m, ask @dee_m and @cy_m' },
    });
    await anaLive.next('chat.updated', (e) => e.payload.message.id === message.id);
    for (const name of ['bob_m', 'cy_m', 'dee_m']) {
      expect((await mentionsOf(name)).filter((n) => n.messageId !== undefined)).toEqual([]);
    }
  });

  it('a deleted message takes mention notifications about it along (the rooms case)', async () => {
    const anaLive = await connect(t, who('ana_m').client);
    const message = await send(anaLive, who('bob_m').id, 'see @cy_m');
    // A private message never notifies by itself (see above); a room message will. Stand in
    // for one with the row a room mention writes, then delete the message for real.
    const { db } = t.server.context;
    db.prepare(
      `INSERT INTO notifications (user_id, kind, actor_id, message_id, text, created_at)
       VALUES (?, 'mention', ?, ?, 'ana_m mentioned you in a message', '2025-03-01T12:00:00.000Z')`,
    ).run(who('cy_m').id, who('ana_m').id, message.id);
    expect((await mentionsOf('cy_m')).filter((n) => n.messageId === message.id)).toHaveLength(1);
    const cyLive = await connect(t, who('cy_m').client);
    const page = await who('cy_m').client.get<NotificationPage>('/api/notifications?limit=100');
    const unreadBefore = page.json.items.filter((n) => !n.read).length;
    anaLive.send({ type: 'chat.delete', payload: { id: message.id } });
    await anaLive.next('chat.deleted', (e) => e.payload.id === message.id);
    expect((await mentionsOf('cy_m')).filter((n) => n.messageId === message.id)).toEqual([]);
    // The one who lost an unread notification hears its new count.
    await cyLive.next('unread', (e) => e.payload.notifications === unreadBefore - 1);
  });
});
