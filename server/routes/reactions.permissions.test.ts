/**
 * Who may react to what, table-driven: each role (owner, admin, moderator, member) × each
 * kind of item (post, comment, private message) × own, someone else's, or (messages) a
 * conversation they are not in, on a real server. Allowed: the reaction is stored and the
 * answer shows it as the reader's own; removing it takes it away. Denied: 404 NOT_FOUND
 * (a message one cannot read is not told to exist) and nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Comment, ItemReactions, Post, Role } from '../../common/api';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

type Actor = { client: TestClient; id: number; live: LiveClient };
const ROLES: readonly Role[] = ['owner', 'admin', 'moderator', 'member'];
type Kind = 'post' | 'comment' | 'message';
type Whose = 'own' | 'other' | 'others-conversation';

let srv: TestServer;
const as = {} as Record<Role, Actor>;
let other: Actor;
let third: Actor;
let seq = 0;

beforeAll(async () => {
  srv = await startTestServer({ rateLimit: false });
  const join = async (nickname: string): Promise<Actor> => {
    const u = await srv.signup({ nickname });
    return { client: u.client, id: u.user.id, live: await connect(srv, u.client) };
  };
  const owner = await join('owner_x');
  for (const role of ROLES) {
    const a = role === 'owner' ? owner : await join(`${role}_x`);
    if (role === 'admin' || role === 'moderator') {
      const res = await owner.client.request('PUT', `/api/users/${a.id}/role`, { json: { role } });
      expect(res.status).toBe(200);
    }
    as[role] = a;
  }
  other = await join('other_x');
  third = await join('third_x');
});
afterAll(async () => {
  closeAllClients();
  await srv.close();
});

async function send(from: Actor, to: Actor): Promise<ChatMessage> {
  seq += 1;
  const clientId = `x-${seq}`;
  from.live.send({ type: 'chat.send', payload: { to: to.id, body: `hi ${seq}`, clientId } });
  return (await from.live.next('chat.message', (e) => e.payload.clientId === clientId)).payload;
}

/** An item of `kind`; `whose` says who wrote it (and, for messages, who talks). */
async function item(kind: Kind, actor: Actor, whose: Whose): Promise<number> {
  const author = whose === 'own' ? actor : other;
  seq += 1;
  const post = (
    await author.client.post<Post>('/api/posts', { title: `P${seq}`, body: 'b', categoryIds: [1] })
  ).json;
  if (kind === 'post') return post.id;
  if (kind === 'comment') {
    const c = await author.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'c' });
    return c.json.id;
  }
  if (whose === 'own') return (await send(actor, other)).id;
  if (whose === 'other') return (await send(other, actor)).id;
  return (await send(other, third)).id;
}

const stored = (kind: Kind, id: number, userId: number): number =>
  (
    srv.server.context.db
      .prepare(
        'SELECT count(*) AS n FROM reactions WHERE item_type = ? AND item_id = ? AND user_id = ?',
      )
      .get(kind, id, userId) as { n: number }
  ).n;

const CASES: [Kind, Whose, 'allowed' | 'not found'][] = [
  ['post', 'own', 'allowed'],
  ['post', 'other', 'allowed'],
  ['comment', 'own', 'allowed'],
  ['comment', 'other', 'allowed'],
  ['message', 'own', 'allowed'],
  ['message', 'other', 'allowed'],
  ['message', 'others-conversation', 'not found'],
];

describe('reactions: role × item × own/other', () => {
  for (const role of ROLES) {
    for (const [kind, whose, expected] of CASES) {
      it(`${role} reacting to a ${kind} (${whose}): ${expected}`, async () => {
        const actor = as[role];
        const id = await item(kind, actor, whose);
        const json = { type: kind, id, emoji: '🎉' };
        const res = await actor.client.request<ItemReactions>('PUT', '/api/reactions', { json });
        if (expected === 'allowed') {
          expect(res.status).toBe(200);
          expect(res.json).toEqual({
            type: kind,
            id,
            reactions: [{ emoji: '🎉', count: 1, mine: true, who: [`${role}_x`] }],
          });
          expect(stored(kind, id, actor.id)).toBe(1);
          const off = await actor.client.request<ItemReactions>('DELETE', '/api/reactions', {
            json,
          });
          expect(off.status).toBe(200);
          expect(off.json.reactions).toEqual([]);
          expect(stored(kind, id, actor.id)).toBe(0);
        } else {
          expect(res.status).toBe(404);
          expect(errorOf(res)).toEqual({
            code: 'NOT_FOUND',
            message: `There is no ${kind} ${id}.`,
          });
          expect(stored(kind, id, actor.id)).toBe(0);
          const list = await actor.client.get(`/api/reactions?type=${kind}&ids=${id}`);
          expect(list.json).toEqual({ items: [] });
        }
      });
    }
  }
});
