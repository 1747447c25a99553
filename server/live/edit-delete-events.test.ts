/**
 * Edit and delete events (post.updated/deleted, comment.updated/deleted, chat.updated/deleted)
 * through the outbox: live to everyone who can see the item, and through `resume` after a
 * reconnect with nothing missed and nothing twice. Unread counts and notifications follow a
 * delete.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Comment, NotificationPage, Post } from '../../common/api';
import type { ServerEvent } from '../../common/protocol';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

type Durable = Extract<ServerEvent, { eventId: number }>;
const durable = (live: LiveClient, from = 0): Durable[] =>
  live.events.slice(from).filter((e): e is Durable => 'eventId' in e);
const EDIT_TYPES = new Set([
  'post.updated',
  'post.deleted',
  'comment.updated',
  'comment.deleted',
  'chat.updated',
  'chat.deleted',
]);

async function send(live: LiveClient, to: number, body: string): Promise<ChatMessage> {
  const clientId = `c-${body}`;
  live.send({ type: 'chat.send', payload: { to, body, clientId } });
  return (await live.next('chat.message', (e) => e.payload.clientId === clientId)).payload;
}

describe('edit and delete events', () => {
  it('reach every client live, and a reconnecting one through resume: 0 missed, 0 twice', async () => {
    const author = await srv.signup();
    const reader = await srv.signup();
    const watcher = await srv.signup();
    const la = await connect(srv, author.client);
    const lw = await connect(srv, watcher.client);
    const lr = await connect(srv, reader.client);

    const post = (
      await author.client.post<Post>('/api/posts', { title: 'T1', body: 'B1', categoryIds: [1] })
    ).json;
    const comment = (
      await author.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'C1' })
    ).json;
    const m1 = await send(la, reader.user.id, 'first');
    const m2 = await send(la, reader.user.id, 'second');
    await lr.next('chat.message', (e) => e.payload.id === m2.id);

    // The reader goes away; what follows happens while it is offline.
    const since = Math.max(...lr.eventIds());
    lr.close();
    const mark = lw.events.length;
    const markA = la.events.length;

    const edited = await author.client.request<Post>('PATCH', `/api/posts/${post.id}`, {
      json: { title: 'T2', body: 'B2' },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ title: 'T2', body: 'B2', editedAt: expect.any(String) });
    const cEdit = await author.client.request<Comment>('PATCH', `/api/comments/${comment.id}`, {
      json: { body: 'C2' },
    });
    expect(cEdit.json).toMatchObject({ body: 'C2', deleted: false, editedAt: expect.any(String) });
    la.send({ type: 'chat.edit', payload: { id: m1.id, body: 'first, fixed' } });
    await la.next('chat.updated', (e) => e.payload.message.id === m1.id);
    la.send({ type: 'chat.delete', payload: { id: m2.id } });
    await la.next('chat.deleted', (e) => e.payload.id === m2.id);
    expect((await author.client.request('DELETE', `/api/comments/${comment.id}`)).status).toBe(204);
    expect((await author.client.request('DELETE', `/api/posts/${post.id}`)).status).toBe(204);

    // Live, to a bystander: the four forum events (not the private ones).
    await lw.next('post.deleted', (e) => e.payload.id === post.id, { from: mark });
    const seen = durable(lw, mark).filter((e) => EDIT_TYPES.has(e.type));
    expect(seen.map((e) => e.type)).toEqual([
      'post.updated',
      'comment.updated',
      'comment.deleted',
      'post.deleted',
    ]);
    expect(seen[0]!.payload).toMatchObject({
      post: { id: post.id, title: 'T2', body: 'B2', editedAt: edited.json.editedAt },
    });
    expect(seen[1]!.payload).toMatchObject({ comment: { id: comment.id, body: 'C2' } });
    expect(seen[2]!.payload).toEqual({ id: comment.id, postId: post.id });
    expect(seen[3]!.payload).toEqual({ id: post.id });
    // The author's own socket hears the private ones (its acknowledgements).
    const mine = durable(la, markA).filter((e) => e.type.startsWith('chat.'));
    expect(mine.map((e) => e.type)).toEqual(['chat.updated', 'chat.deleted']);
    expect(mine[0]!.payload).toMatchObject({
      message: { id: m1.id, body: 'first, fixed', deleted: false, editedAt: expect.any(String) },
    });
    expect(mine[1]!.payload).toEqual({ id: m2.id, from: author.user.id, to: reader.user.id });

    // The reader comes back: exactly the six edit events, once each, in commit order.
    const back = await connect(srv, reader.client, { resume: since });
    await until(() => durable(back).filter((e) => EDIT_TYPES.has(e.type)).length >= 6, 'replay');
    await new Promise((r) => setTimeout(r, 100)); // anything extra would arrive now
    const replayed = durable(back).filter((e) => e.eventId > since);
    const edits = replayed.filter((e) => EDIT_TYPES.has(e.type));
    expect(edits.map((e) => e.type)).toEqual([
      'post.updated',
      'comment.updated',
      'chat.updated',
      'chat.deleted',
      'comment.deleted',
      'post.deleted',
    ]);
    const ids = replayed.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    // The same events the author's and watcher's sockets got live (same ids).
    const liveIds = new Set([...durable(la, markA), ...durable(lw, mark)].map((e) => e.eventId));
    for (const e of edits) expect(liveIds.has(e.eventId), e.type).toBe(true);
    // A deleted item's text is not replayed: the post's update was blanked by its delete.
    expect(edits[0]!.payload).toMatchObject({ post: { title: '', body: '' } });
    expect(edits[1]!.payload).toMatchObject({ comment: { body: '', deleted: true } });

    // The watcher is not a party to the chat: no chat events reached it.
    expect(lw.events.some((e) => e.type === 'chat.updated' || e.type === 'chat.deleted')).toBe(
      false,
    );
  });

  it('a deleted unread message no longer counts; the roster preview loses its text', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    const unread = () => lb.of('unread').at(-1)?.payload.chats[String(a.user.id)] ?? 0;
    await send(la, b.user.id, 'one');
    const two = await send(la, b.user.id, 'two');
    await until(() => unread() === 2, 'two unread');
    la.send({ type: 'chat.delete', payload: { id: two.id } });
    await lb.next('chat.deleted', (e) => e.payload.id === two.id);
    await until(() => unread() === 1, 'one unread after the delete');
    const roster =
      await b.client.get<{ id: number; lastMessagePreview: string | null }[]>('/api/chat/roster');
    expect(roster.json.find((r) => r.id === a.user.id)?.lastMessagePreview).toBe('');
    const history = await b.client.get<{ items: ChatMessage[] }>(`/api/chat/${a.user.id}/messages`);
    expect(history.json.items.map((m) => [m.body, m.deleted])).toEqual([
      ['one', false],
      ['', true],
    ]);
    // A new socket loads the same count from the database.
    const again = await connect(srv, b.client);
    expect(again.of('unread').at(-1)?.payload.chats[String(a.user.id)]).toBe(1);
  });

  it('deleting a comment or a post removes its notifications; the unread count follows', async () => {
    const owner = await srv.signup();
    const commenter = await srv.signup();
    const lo = await connect(srv, owner.client);
    const count = () => lo.of('unread').at(-1)?.payload.notifications ?? 0;
    const post = (
      await owner.client.post<Post>('/api/posts', { title: 'Mine', body: 'x', categoryIds: [1] })
    ).json;
    const c1 = (
      await commenter.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'hi' })
    ).json;
    await commenter.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'again' });
    await until(() => count() === 2, 'two notifications');
    const notifications = async () =>
      (await owner.client.get<NotificationPage>('/api/notifications')).json.items;
    expect((await notifications()).map((n) => n.commentId)).toContain(c1.id);

    expect((await commenter.client.request('DELETE', `/api/comments/${c1.id}`)).status).toBe(204);
    await until(() => count() === 1, 'one after the comment went');
    expect((await notifications()).map((n) => n.commentId)).not.toContain(c1.id);

    expect((await owner.client.request('DELETE', `/api/posts/${post.id}`)).status).toBe(204);
    await until(() => count() === 0, 'none after the post went');
    expect(await notifications()).toEqual([]);
  });
});
