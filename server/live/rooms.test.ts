/**
 * (rooms) Groups and rooms over real sockets: delivery to members only, removal cutting
 * delivery at once on every socket, resume across a membership change (0 missed, 0
 * duplicated, nothing from the time outside), unread per member across two devices,
 * idempotent clientId, typing with names, notification levels.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../common/conversations';
import type { ServerEvent } from '../../common/protocol';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

type Person = { client: TestClient; id: number; nickname: string };
const person = async (): Promise<Person> => {
  const u = await srv.signup();
  return { client: u.client, id: u.user.id, nickname: u.user.nickname };
};
const durable = (live: LiveClient) =>
  live.events.filter((e): e is Extract<ServerEvent, { eventId: number }> => 'eventId' in e);
const bodies = (live: LiveClient, conversationId: number) =>
  live
    .of('chat.message')
    .filter((e) => e.payload.conversationId === conversationId)
    .map((e) => e.payload.body);
const say = (live: LiveClient, conversationId: number, body: string, clientId = body) =>
  live.send({ type: 'chat.send', payload: { conversationId, body, clientId } });

async function group(by: Person, ...others: Person[]): Promise<number> {
  const res = await by.client.post<ConversationSummary>('/api/conversations', {
    kind: 'group',
    members: others.map((o) => o.id),
  });
  expect(res.status).toBe(201);
  return res.json.id;
}

describe('rooms over the socket', () => {
  it('members get messages; a removed member stops at once on every socket and cannot read or send', async () => {
    const [ann, bob, cy, dee] = [await person(), await person(), await person(), await person()];
    const id = await group(ann, bob, cy);
    const la = await connect(srv, ann.client);
    const lc1 = await connect(srv, cy.client);
    const lc2 = await connect(srv, cy.client);
    const ld = await connect(srv, dee.client);

    say(la, id, 'hello group', 'g1');
    for (const s of [la, lc1, lc2])
      await s.next('chat.message', (e) => e.payload.body === 'hello group');
    const got = lc1.of('chat.message')[0]!.payload;
    expect(got).toMatchObject({ from: ann.id, to: 0, conversationId: id, body: 'hello group' });

    const removed = await ann.client.request('DELETE', `/api/conversations/${id}/members/${cy.id}`);
    expect(removed.status).toBe(204);
    // Both of cy's sockets hear it, and nothing after it.
    for (const s of [lc1, lc2]) {
      const left = await s.next('member.left');
      expect(left.payload).toEqual({ conversationId: id, userId: cy.id, by: ann.id });
    }
    say(la, id, 'after cy left', 'g2');
    await la.next('chat.message', (e) => e.payload.body === 'after cy left');
    say(lc1, id, 'cy tries', 'g3');
    const refused = await lc1.next('error', (e) => e.payload.ref === 'g3');
    expect(refused.payload.code).toBe('NOT_MEMBER');
    // A marker to cy proves the socket is flowing: the room message would have come before it.
    la.send({ type: 'chat.send', payload: { to: cy.id, body: 'marker', clientId: 'mk' } });
    for (const s of [lc1, lc2]) await s.next('chat.message', (e) => e.payload.body === 'marker');
    for (const s of [lc1, lc2]) expect(bodies(s, id)).toEqual(['hello group']);
    expect(bodies(ld, id)).toEqual([]);
    const history = await cy.client.get(`/api/conversations/${id}/messages`);
    expect(history.status).toBe(403);
    expect(errorOf(history).code).toBe('NOT_MEMBER');
    expect(
      (await ann.client.get<{ items: unknown[] }>(`/api/conversations/${id}/messages`)).json.items,
    ).toHaveLength(2);
  });

  it('resume across a membership change replays exactly the time as a member: 0 missed, 0 duplicated', async () => {
    const [ann, bob, cy] = [await person(), await person(), await person()];
    const id = await group(ann, bob, cy);
    const first = await connect(srv, cy.client);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();

    const la = await connect(srv, ann.client);
    say(la, id, 'while away 1');
    await la.next('chat.message', (e) => e.payload.body === 'while away 1');
    await ann.client.request('DELETE', `/api/conversations/${id}/members/${cy.id}`);
    say(la, id, 'not for cy');
    await la.next('chat.message', (e) => e.payload.body === 'not for cy');
    const back = await ann.client.post(`/api/conversations/${id}/members`, { userIds: [cy.id] });
    expect(back.status).toBe(200);
    say(la, id, 'while away 2');
    await la.next('chat.message', (e) => e.payload.body === 'while away 2');

    const lc = await connect(srv, cy.client, { resume: since });
    await until(
      () => durable(lc).some((e) => e.type === 'chat.message' && e.payload.body === 'while away 2'),
      'the last replayed message',
    );
    const mine = durable(lc).filter(
      (e) => 'payload' in e && JSON.stringify(e.payload).includes(`"conversationId":${id}`),
    );
    expect(mine.map((e) => e.type)).toEqual([
      'chat.message',
      'member.left',
      'member.joined',
      'chat.message',
    ]);
    expect(bodies(lc, id)).toEqual(['while away 1', 'while away 2']);
    const ids = lc.eventIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Rejoined, cy reads the whole history (a room or group left and rejoined).
    const history = await cy.client.get<{ items: { body: string }[] }>(
      `/api/conversations/${id}/messages`,
    );
    expect(history.json.items.map((m) => m.body)).toEqual([
      'while away 1',
      'not for cy',
      'while away 2',
    ]);
  });

  it('unread per member across two devices; a read on one clears both; a retry by clientId stores once', async () => {
    const [ann, bob, cy] = [await person(), await person(), await person()];
    const id = await group(ann, bob, cy);
    const a1 = await connect(srv, ann.client);
    const a2 = await connect(srv, ann.client);
    const lb = await connect(srv, bob.client);
    for (const n of [1, 2, 3]) say(lb, id, `b${n}`);
    say(lb, id, 'b3', 'b3'); // the same clientId again: a retry
    for (const s of [a1, a2]) {
      await s.next('unread', (e) => e.payload.conversations?.[String(id)] === 3);
    }
    await until(
      () => lb.of('chat.message').filter((e) => e.payload.clientId === 'b3').length >= 2,
      'the retry echo',
    );
    const echoes = lb.of('chat.message').filter((e) => e.payload.clientId === 'b3');
    expect(new Set(echoes.map((e) => e.payload.id)).size).toBe(1);
    const rows = srv.server.context.db
      .prepare('SELECT count(*) FROM messages WHERE conversation_id = ?')
      .pluck()
      .get(id);
    expect(rows).toBe(3);
    const list = (await ann.client.get<ConversationSummary[]>('/api/conversations')).json;
    expect(list.find((c) => c.id === id)).toMatchObject({
      unread: 3,
      mentionCount: 0,
      lastReadId: 0,
    });

    const last = echoes[0]!.payload.id;
    const from1 = a1.events.length;
    const from2 = a2.events.length;
    a1.send({ type: 'chat.read', payload: { conversationId: id, upTo: last } });
    await a1.next('unread', (e) => e.payload.conversations === undefined, { from: from1 });
    await a2.next('unread', (e) => e.payload.conversations === undefined, { from: from2 });
    const after = (await ann.client.get<ConversationSummary[]>('/api/conversations')).json;
    expect(after.find((c) => c.id === id)).toMatchObject({ unread: 0, lastReadId: last });
    // Bob's own messages never count for him.
    expect(
      (await bob.client.get<ConversationSummary[]>('/api/conversations')).json.find(
        (c) => c.id === id,
      )?.unread,
    ).toBe(0);
  });

  it('typing shows names to the other members; notification levels and mute are per member', async () => {
    const [ann, bob, cy] = [await person(), await person(), await person()];
    const id = await group(ann, bob, cy);
    const la = await connect(srv, ann.client);
    const lb = await connect(srv, bob.client);
    const lc = await connect(srv, cy.client);
    la.send({ type: 'typing.start', payload: { conversationId: id } });
    lb.send({ type: 'typing.start', payload: { conversationId: id } });
    await until(() => lc.of('typing').length >= 2, 'two typing events');
    expect(lc.of('typing').map((e) => e.payload)).toEqual([
      { from: ann.id, nickname: ann.nickname, active: true, conversationId: id },
      { from: bob.id, nickname: bob.nickname, active: true, conversationId: id },
    ]);
    expect(la.of('typing').map((e) => e.payload.from)).toEqual([bob.id]);
    say(la, id, 'sent');
    await lc.next('typing', (e) => e.payload.from === ann.id && !e.payload.active);

    // Levels: rooms default to mentions, groups to all; each member sets their own.
    const general = (await ann.client.get<ConversationSummary[]>('/api/conversations')).json.find(
      (c) => c.isDefault,
    )!;
    expect(general).toMatchObject({
      kind: 'room',
      notify: 'mentions',
      notifyLevel: null,
      muted: false,
    });
    const set = await ann.client.request<ConversationSummary>('PATCH', `/api/conversations/${id}`, {
      json: { notify: 'none', muted: true },
    });
    expect(set.json).toMatchObject({ notify: 'none', notifyLevel: 'none', muted: true });
    const bobs = (await bob.client.get<ConversationSummary[]>('/api/conversations')).json.find(
      (c) => c.id === id,
    )!;
    expect(bobs).toMatchObject({ notify: 'all', muted: false });
    const bad = await ann.client.request('PATCH', `/api/conversations/${id}`, {
      json: { notify: 'loud' },
    });
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'notify' });
    const reset = await ann.client.request<ConversationSummary>(
      'PATCH',
      `/api/conversations/${id}`,
      {
        json: { notify: null },
      },
    );
    expect(reset.json).toMatchObject({ notify: 'all', notifyLevel: null, muted: true });
  });
});
