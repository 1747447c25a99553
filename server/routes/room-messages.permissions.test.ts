/**
 * (rooms) Who may edit and delete a group's or room's messages, table-driven on a real server:
 * each role (owner, admin, moderator, member) × action (edit, delete) × whose (own, someone
 * else's) × where (a public room, a group conversation), over the socket as the UI does it.
 * Allowed: the change is made, every member hears it (`chat.updated` / `chat.deleted`), and a
 * staff delete of someone else's message is in the moderation log. Denied: FORBIDDEN, nothing
 * changed. The rule itself is common/message-rules.ts, which the UI's menu follows too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Role } from '../../common/api';
import type { ConversationSummary } from '../../common/conversations';
import { mayChangeMessage } from '../../common/message-rules';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

type Actor = { client: TestClient; id: number; live: LiveClient };
const ROLES: readonly Role[] = ['owner', 'admin', 'moderator', 'member'];

let srv: TestServer;
const as = {} as Record<Role, Actor>;
/** Sends every "someone else's" message: a member of both conversations. */
let author: Actor;
/** A staff member outside the group (and the room), for the "not a member" rows. */
let outsider: Actor;
let roomId: number;
let groupId: number;
let seq = 0;

const db = () => srv.server.context.db;

beforeAll(async () => {
  srv = await startTestServer();
  const join = async (nickname: string): Promise<Actor> => {
    const u = await srv.signup({ nickname });
    return { client: u.client, id: u.user.id, live: await connect(srv, u.client) };
  };
  as.owner = await join('owner_m');
  for (const role of ['admin', 'moderator', 'member'] as const) {
    const a = await join(`${role}_m`);
    if (role !== 'member') {
      const res = await as.owner.client.request('PUT', `/api/users/${a.id}/role`, {
        json: { role },
      });
      expect(res.status).toBe(200);
    }
    as[role] = a;
  }
  author = await join('author_m');
  outsider = await join('outsider_m');
  const res = await as.owner.client.request('PUT', `/api/users/${outsider.id}/role`, {
    json: { role: 'moderator' },
  });
  expect(res.status).toBe(200);

  const room = await as.owner.client.post<ConversationSummary>('/api/conversations', {
    kind: 'room',
    name: 'moderated room',
  });
  expect(room.status).toBe(201);
  roomId = room.json.id;
  for (const a of [as.admin, as.moderator, as.member, author]) {
    const j = await a.client.post(`/api/conversations/${roomId}/members`, { userIds: [a.id] });
    expect(j.status).toBe(200);
  }
  const group = await author.client.post<ConversationSummary>('/api/conversations', {
    kind: 'group',
    members: ROLES.map((r) => as[r].id),
  });
  expect(group.status).toBe(201);
  groupId = group.json.id;
});
afterAll(async () => {
  closeAllClients();
  await srv.close();
});

async function say(from: Actor, conversationId: number): Promise<ChatMessage> {
  seq += 1;
  const clientId = `m-${seq}`;
  from.live.send({
    type: 'chat.send',
    payload: { conversationId, body: `Message ${seq}`, clientId },
  });
  return (await from.live.next('chat.message', (e) => e.payload.clientId === clientId)).payload;
}

/** The socket's answer to a chat.edit/chat.delete: the event, or the error naming its ref. */
async function attempt(
  actor: Actor,
  action: 'edit' | 'delete',
  id: number,
): Promise<{ ok: true } | { ok: false; code: string }> {
  seq += 1;
  const clientId = `x-${seq}`;
  const mark = actor.live.events.length;
  actor.live.send(
    action === 'edit'
      ? { type: 'chat.edit', payload: { id, body: `Edited ${seq}`, clientId } }
      : { type: 'chat.delete', payload: { id, clientId } },
  );
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    for (const e of actor.live.events.slice(mark)) {
      if (e.type === 'error' && e.payload.ref === clientId)
        return { ok: false, code: e.payload.code };
      if (e.type === 'chat.updated' && action === 'edit' && e.payload.message.id === id)
        return { ok: true };
      if (e.type === 'chat.deleted' && action === 'delete' && e.payload.id === id)
        return { ok: true };
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no answer to ${action} ${id}`);
}

const stored = (id: number) =>
  db().prepare('SELECT body, deleted_at FROM messages WHERE id = ?').get(id) as {
    body: string;
    deleted_at: string | null;
  };
const logged = (id: number): { actor_id: number; target_user_id: number }[] =>
  db()
    .prepare(
      `SELECT actor_id, target_user_id FROM moderation_log
       WHERE target_type = 'message' AND target_id = ? AND action = 'message.delete'`,
    )
    .all(id) as { actor_id: number; target_user_id: number }[];

type Where = 'room' | 'group';
interface Case {
  role: Role;
  action: 'edit' | 'delete';
  whose: 'own' | 'other';
  where: Where;
  allowed: boolean;
}
// The expected answers, written out (not computed from the rule under test).
const ALLOWED_OTHER_DELETE_IN_ROOM: Record<Role, boolean> = {
  owner: true,
  admin: true,
  moderator: true,
  member: false,
};
const CASES: Case[] = ROLES.flatMap((role) =>
  (['room', 'group'] as const).flatMap((where) =>
    (['edit', 'delete'] as const).flatMap((action) =>
      (['own', 'other'] as const).map((whose) => ({
        role,
        action,
        whose,
        where,
        allowed:
          whose === 'own' ||
          (action === 'delete' && where === 'room' && ALLOWED_OTHER_DELETE_IN_ROOM[role]),
      })),
    ),
  ),
);

describe('room and group messages: role × action × whose × where', () => {
  it.each(CASES.map((c) => [c.role, c.action, c.whose, c.where, c.allowed, c] as const))(
    '%s %s %s message in a %s → allowed: %s',
    async (_r, _a, _w, _where, _allowed, c) => {
      const actor = as[c.role];
      const conversationId = c.where === 'room' ? roomId : groupId;
      const m = await say(c.whose === 'own' ? actor : author, conversationId);
      // The UI's rule says the same as the server.
      expect(
        mayChangeMessage({
          action: c.action,
          role: c.role,
          own: c.whose === 'own',
          kind: c.where,
        }),
      ).toBe(c.allowed);
      const authorMark = author.live.events.length;
      const answer = await attempt(actor, c.action, m.id);
      if (!c.allowed) {
        expect(answer).toEqual({ ok: false, code: 'FORBIDDEN' });
        expect(stored(m.id)).toEqual({ body: m.body, deleted_at: null });
        expect(logged(m.id)).toEqual([]);
        return;
      }
      expect(answer).toEqual({ ok: true });
      const after = stored(m.id);
      if (c.action === 'edit') {
        expect(after.body).toMatch(/^Edited /);
      } else {
        expect(after.deleted_at).not.toBeNull();
        // Every member hears it live, the message's author too (the same outbox event).
        if (c.whose === 'other') {
          const heard = await author.live.next('chat.deleted', (e) => e.payload.id === m.id, {
            from: authorMark,
          });
          expect(heard.payload).toMatchObject({ id: m.id, conversationId });
        }
      }
      const moderated = c.action === 'delete' && c.whose === 'other';
      expect(logged(m.id)).toEqual(
        moderated ? [{ actor_id: actor.id, target_user_id: author.id }] : [],
      );
    },
  );

  it('staff outside a group learn nothing of its messages; a public room they moderate anyway', async () => {
    const inGroup = await say(author, groupId);
    expect(await attempt(outsider, 'delete', inGroup.id)).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(stored(inGroup.id).deleted_at).toBeNull();

    const inRoom = await say(author, roomId);
    expect(await attempt(outsider, 'edit', inRoom.id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    const mark = author.live.events.length;
    outsider.live.send({ type: 'chat.delete', payload: { id: inRoom.id, clientId: 'out-1' } });
    await author.live.next('chat.deleted', (e) => e.payload.id === inRoom.id, { from: mark });
    expect(stored(inRoom.id).deleted_at).not.toBeNull();
    expect(logged(inRoom.id)).toEqual([{ actor_id: outsider.id, target_user_id: author.id }]);
  });

  it('the moderation log shows the delete to staff, without the text', async () => {
    const m = await say(author, roomId);
    expect(await attempt(as.moderator, 'delete', m.id)).toEqual({ ok: true });
    const res = await as.admin.client.get<{
      items: { action: string; targetType: string; targetId: number; detail: unknown }[];
    }>('/api/moderation/log');
    expect(res.status).toBe(200);
    const entry = res.json.items.find((e) => e.targetType === 'message' && e.targetId === m.id);
    expect(entry).toMatchObject({ action: 'message.delete', detail: { conversationId: roomId } });
    expect(JSON.stringify(entry)).not.toContain(m.body);
  });
});
