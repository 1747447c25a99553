/**
 * Who may edit, delete and restore what, table-driven: each role (owner, admin, moderator,
 * member) × each action (edit, delete, restore) × each kind of item (post, comment, private
 * message) × own or someone else's, on a real server. Allowed: the change is made (and a
 * moderator acting on someone else's item is in the moderation log). Denied: 403 FORBIDDEN
 * and nothing changed. A missing item: 404 NOT_FOUND.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Comment, Post, Role } from '../../common/api';
import {
  errorOf,
  startTestServer,
  type TestClient,
  type TestResponse,
  type TestServer,
} from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

type Actor = { client: TestClient; id: number; live: LiveClient };
const ROLES: readonly Role[] = ['owner', 'admin', 'moderator', 'member'];
const STAFF: readonly Role[] = ['owner', 'admin', 'moderator'];

let srv: TestServer;
const as = {} as Record<Role, Actor>;
/** The author of every "someone else's" item: a member. */
let other: Actor;
let seq = 0;

beforeAll(async () => {
  srv = await startTestServer();
  const join = async (nickname: string): Promise<Omit<Actor, 'live'>> => {
    const u = await srv.signup({ nickname });
    return { client: u.client, id: u.user.id };
  };
  const owner = await join('owner_e');
  for (const role of ROLES) {
    const a = role === 'owner' ? owner : await join(`${role}_e`);
    if (role === 'admin' || role === 'moderator') {
      const res = await owner.client.request('PUT', `/api/users/${a.id}/role`, { json: { role } });
      expect(res.status).toBe(200);
    }
    as[role] = { ...a, live: await connect(srv, a.client) };
  }
  const o = await join('other_e');
  other = { ...o, live: await connect(srv, o.client) };
});
afterAll(async () => {
  closeAllClients();
  await srv.close();
});

const db = () => srv.server.context.db;

async function newPost(author: Actor): Promise<Post> {
  seq += 1;
  const res = await author.client.post<Post>('/api/posts', {
    title: `Post ${seq}`,
    body: `Body ${seq}`,
    categoryIds: [1],
  });
  expect(res.status).toBe(201);
  return res.json;
}

async function newComment(author: Actor): Promise<Comment> {
  const post = await newPost(as.owner);
  seq += 1;
  const res = await author.client.post<Comment>(`/api/posts/${post.id}/comments`, {
    body: `Comment ${seq}`,
  });
  expect(res.status).toBe(201);
  return res.json;
}

/** A message from `from` to `to`, as its chat.message echo has it. */
async function newMessage(from: Actor, to: Actor): Promise<ChatMessage> {
  seq += 1;
  const clientId = `m-${seq}`;
  const mark = from.live.events.length;
  from.live.send({ type: 'chat.send', payload: { to: to.id, body: `Message ${seq}`, clientId } });
  const echo = await from.live.next('chat.message', (e) => e.payload.clientId === clientId, {
    from: mark,
  });
  return echo.payload;
}

const postRow = (id: number) =>
  db().prepare('SELECT title, body, deleted_at FROM posts WHERE id = ?').get(id) as {
    title: string;
    body: string;
    deleted_at: string | null;
  };
const commentRow = (id: number) =>
  db().prepare('SELECT body, deleted_at FROM comments WHERE id = ?').get(id) as {
    body: string;
    deleted_at: string | null;
  };
const messageRow = (id: number) =>
  db().prepare('SELECT body, deleted_at FROM messages WHERE id = ?').get(id) as {
    body: string;
    deleted_at: string | null;
  };
const logged = (targetType: string, targetId: number, action: string): number =>
  db()
    .prepare(
      'SELECT count(*) FROM moderation_log WHERE target_type = ? AND target_id = ? AND action = ?',
    )
    .pluck()
    .get(targetType, targetId, action) as number;

/** The socket's answer to a chat.edit/chat.delete: the event, or the error with its ref. */
async function socketAnswer(
  actor: Actor,
  send: { type: 'chat.edit' | 'chat.delete'; id: number },
): Promise<{ ok: true } | { ok: false; code: string }> {
  seq += 1;
  const clientId = `x-${seq}`;
  const mark = actor.live.events.length;
  actor.live.send(
    send.type === 'chat.edit'
      ? { type: 'chat.edit', payload: { id: send.id, body: `Edited ${seq}`, clientId } }
      : { type: 'chat.delete', payload: { id: send.id, clientId } },
  );
  // Whichever comes first: the event (success) or an error naming this clientId.
  let answer: { ok: true } | { ok: false; code: string } | undefined;
  const end = Date.now() + 10_000;
  while (!answer && Date.now() < end) {
    for (const e of actor.live.events.slice(mark)) {
      if (e.type === 'error' && e.payload.ref === clientId)
        answer = { ok: false, code: e.payload.code };
      if (
        e.type === 'chat.updated' &&
        send.type === 'chat.edit' &&
        e.payload.message.id === send.id
      )
        answer = { ok: true };
      if (e.type === 'chat.deleted' && send.type === 'chat.delete' && e.payload.id === send.id)
        answer = { ok: true };
    }
    if (!answer) await new Promise((r) => setTimeout(r, 5));
  }
  if (!answer) throw new Error(`no answer to ${send.type} ${send.id}`);
  return answer;
}

const expectForbidden = (res: TestResponse) => {
  expect(res.status, res.text).toBe(403);
  expect(errorOf(res).code).toBe('FORBIDDEN');
};

describe.each(ROLES)('a %s', (role) => {
  const me = () => as[role];
  const staff = STAFF.includes(role);

  describe('posts', () => {
    it('edits their own post; never someone else’s', async () => {
      const own = await newPost(me());
      const res = await me().client.request('PATCH', `/api/posts/${own.id}`, {
        json: { title: 'New title' },
      });
      expect(res.status, res.text).toBe(200);
      expect(postRow(own.id).title).toBe('New title');

      const theirs = await newPost(other);
      expectForbidden(
        await me().client.request('PATCH', `/api/posts/${theirs.id}`, { json: { body: 'x' } }),
      );
      expect(postRow(theirs.id).body).toBe(theirs.body);
    });

    it(`deletes their own post; ${staff ? 'and' : 'not'} someone else’s`, async () => {
      const own = await newPost(me());
      expect((await me().client.request('DELETE', `/api/posts/${own.id}`)).status).toBe(204);
      expect(postRow(own.id).deleted_at).not.toBeNull();
      expect(logged('post', own.id, 'post.delete')).toBe(0);

      const theirs = await newPost(other);
      const res = await me().client.request('DELETE', `/api/posts/${theirs.id}?reason=spam`);
      if (staff) {
        expect(res.status, res.text).toBe(204);
        expect(postRow(theirs.id)).toMatchObject({ title: '', body: '' });
        expect(logged('post', theirs.id, 'post.delete')).toBe(1);
      } else {
        expectForbidden(res);
        expect(postRow(theirs.id)).toMatchObject({ body: theirs.body, deleted_at: null });
      }
    });

    it(`${staff ? 'restores' : 'cannot restore'} a deleted post, own or someone else’s`, async () => {
      for (const author of [me(), other]) {
        const post = await newPost(author);
        expect((await author.client.request('DELETE', `/api/posts/${post.id}`)).status).toBe(204);
        const res = await me().client.post<Post>(`/api/posts/${post.id}/restore`);
        if (staff) {
          expect(res.status, res.text).toBe(200);
          expect(res.json).toMatchObject({ id: post.id, title: post.title, body: post.body });
          expect(postRow(post.id).deleted_at).toBeNull();
          expect(logged('post', post.id, 'post.restore')).toBe(author === other ? 1 : 0);
        } else {
          expectForbidden(res);
          expect(postRow(post.id).deleted_at).not.toBeNull();
        }
      }
    });

    it(`${staff ? 'reads' : 'cannot read'} a post’s earlier versions`, async () => {
      const post = await newPost(other);
      await other.client.request('PATCH', `/api/posts/${post.id}`, { json: { body: 'v2' } });
      const res = await me().client.get<{ items: { body: string }[] }>(
        `/api/posts/${post.id}/revisions`,
      );
      if (staff) {
        expect(res.status).toBe(200);
        expect(res.json.items.map((r) => r.body)).toEqual([post.body]);
      } else expectForbidden(res);
    });
  });

  describe('comments', () => {
    it('edits their own comment; never someone else’s', async () => {
      const own = await newComment(me());
      const res = await me().client.request('PATCH', `/api/comments/${own.id}`, {
        json: { body: 'Better words' },
      });
      expect(res.status, res.text).toBe(200);
      expect(commentRow(own.id).body).toBe('Better words');

      const theirs = await newComment(other);
      expectForbidden(
        await me().client.request('PATCH', `/api/comments/${theirs.id}`, { json: { body: 'x' } }),
      );
      expect(commentRow(theirs.id).body).toBe(theirs.body);
    });

    it(`deletes their own comment; ${staff ? 'and' : 'not'} someone else’s`, async () => {
      const own = await newComment(me());
      expect((await me().client.request('DELETE', `/api/comments/${own.id}`)).status).toBe(204);
      expect(commentRow(own.id)).toMatchObject({ body: '' });
      expect(logged('comment', own.id, 'comment.delete')).toBe(0);

      const theirs = await newComment(other);
      const res = await me().client.request('DELETE', `/api/comments/${theirs.id}`, {
        json: { reason: 'Off topic' },
      });
      if (staff) {
        expect(res.status, res.text).toBe(204);
        expect(commentRow(theirs.id).body).toBe('');
        expect(logged('comment', theirs.id, 'comment.delete')).toBe(1);
      } else {
        expectForbidden(res);
        expect(commentRow(theirs.id)).toMatchObject({ body: theirs.body, deleted_at: null });
      }
    });

    it(`${staff ? 'restores' : 'cannot restore'} a deleted comment, own or someone else’s`, async () => {
      for (const author of [me(), other]) {
        const c = await newComment(author);
        expect((await author.client.request('DELETE', `/api/comments/${c.id}`)).status).toBe(204);
        const res = await me().client.post<Comment>(`/api/comments/${c.id}/restore`);
        if (staff) {
          expect(res.status, res.text).toBe(200);
          expect(res.json).toMatchObject({ id: c.id, body: c.body, deleted: false });
          expect(logged('comment', c.id, 'comment.restore')).toBe(author === other ? 1 : 0);
        } else {
          expectForbidden(res);
          expect(commentRow(c.id).deleted_at).not.toBeNull();
        }
      }
    });
  });

  describe('private messages (nobody touches someone else’s, moderators neither)', () => {
    it('edits and deletes their own message', async () => {
      const m = await newMessage(me(), other);
      expect(await socketAnswer(me(), { type: 'chat.edit', id: m.id })).toEqual({ ok: true });
      expect(messageRow(m.id).body).toMatch(/^Edited /);
      expect(await socketAnswer(me(), { type: 'chat.delete', id: m.id })).toEqual({ ok: true });
      expect(messageRow(m.id)).toMatchObject({ body: '' });
    });

    it('cannot edit or delete a message sent to them (403), nor one between others (404)', async () => {
      const theirs = await newMessage(other, me());
      for (const type of ['chat.edit', 'chat.delete'] as const) {
        expect(await socketAnswer(me(), { type, id: theirs.id })).toEqual({
          ok: false,
          code: 'FORBIDDEN',
        });
      }
      expect(messageRow(theirs.id)).toMatchObject({ body: theirs.body, deleted_at: null });

      const third = role === 'member' ? as.owner : as.member;
      const between = await newMessage(other, third);
      for (const type of ['chat.edit', 'chat.delete'] as const) {
        expect(await socketAnswer(me(), { type, id: between.id })).toEqual({
          ok: false,
          code: 'NOT_FOUND',
        });
      }
      expect(messageRow(between.id).deleted_at).toBeNull();
    });
  });
});

describe('missing items', () => {
  it('are 404 NOT_FOUND for every action', async () => {
    const c = as.owner.client;
    const attempts: [string, string, unknown][] = [
      ['PATCH', '/api/posts/999999', { body: 'x' }],
      ['DELETE', '/api/posts/999999', undefined],
      ['POST', '/api/posts/999999/restore', undefined],
      ['GET', '/api/posts/999999/revisions', undefined],
      ['PATCH', '/api/comments/999999', { body: 'x' }],
      ['DELETE', '/api/comments/999999', undefined],
      ['POST', '/api/comments/999999/restore', undefined],
      ['GET', '/api/comments/999999/revisions', undefined],
    ];
    for (const [method, path, json] of attempts) {
      const res = await c.request(method, path, json === undefined ? {} : { json });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(errorOf(res).code).toBe('NOT_FOUND');
    }
    for (const type of ['chat.edit', 'chat.delete'] as const) {
      expect(await socketAnswer(as.owner, { type, id: 999999 })).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
    }
  });

  it('a deleted post is 404 for members (and for editing), still there for moderators', async () => {
    const post = await newPost(other);
    await other.client.request('DELETE', `/api/posts/${post.id}`);
    for (const role of ROLES) {
      const res = await as[role].client.get<Post>(`/api/posts/${post.id}`);
      const thread = await as[role].client.get(`/api/posts/${post.id}/comments`);
      if (STAFF.includes(role)) {
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ id: post.id, title: '', body: '', deleted: true });
        expect(thread.status).toBe(200);
      } else {
        expect(res.status).toBe(404);
        expect(thread.status).toBe(404);
      }
    }
    const edit = await other.client.request('PATCH', `/api/posts/${post.id}`, {
      json: { body: 'back' },
    });
    expect(edit.status).toBe(404);
    // A member deleting someone else's deleted post learns only that it is gone.
    expect((await as.member.client.request('DELETE', `/api/posts/${post.id}`)).status).toBe(404);
  });
});

describe('without a session', () => {
  it('every route is 401', async () => {
    const anon = srv.client();
    for (const [method, path] of [
      ['PATCH', '/api/posts/1'],
      ['DELETE', '/api/posts/1'],
      ['POST', '/api/posts/1/restore'],
      ['GET', '/api/posts/1/revisions'],
      ['PATCH', '/api/comments/1'],
      ['DELETE', '/api/comments/1'],
      ['POST', '/api/comments/1/restore'],
      ['GET', '/api/comments/1/revisions'],
    ] as const) {
      const json = method === 'GET' ? {} : { json: { body: 'x' } };
      expect((await anon.request(method, path, json)).status).toBe(401);
    }
  });
});
