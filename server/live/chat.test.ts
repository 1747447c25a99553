/**
 * Private messages over the socket and their REST views (history, roster), against a real
 * server: both directions, order, idempotent retries, offline delivery, rejections,
 * durability before delivery, and unread counts across sockets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatHistory, ChatMessage, RosterEntry } from '../../common/api';
import { openDb, type Db } from '../../db/open-db';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
let reader: Db;
beforeAll(async () => {
  srv = await startTestServer();
  reader = openDb(srv.server.dbPath, { readonly: true });
});
afterEach(closeAllClients);
afterAll(async () => {
  reader.close();
  await srv.close();
});

let n = 0;
const send = (live: LiveClient, to: number, body: string, clientId = `c${++n}`) => {
  live.send({ type: 'chat.send', payload: { to, body, clientId } });
  return clientId;
};
const messages = (live: LiveClient, peer?: number): ChatMessage[] =>
  live
    .of('chat.message')
    .map((e) => e.payload)
    .filter((m) => peer === undefined || m.from === peer || m.to === peer);
const storedCount = (senderId: number): number =>
  reader
    .prepare('SELECT COUNT(*) FROM messages WHERE sender_id = ?')
    .pluck()
    .get(senderId) as number;

describe('sending', () => {
  it('two users chat both ways: the recipient gets it, every socket of the sender gets the echo', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const a1 = await connect(srv, a.client);
    const a2 = await connect(srv, a.client);
    const b1 = await connect(srv, b.client);

    send(a1, b.user.id, '  hello bob  ', 'a-1');
    const got = await b1.next('chat.message');
    expect(got.payload).toEqual({
      id: expect.any(Number),
      from: a.user.id,
      to: b.user.id,
      body: 'hello bob',
      createdAt: expect.stringMatching(/Z$/),
      clientId: 'a-1',
      editedAt: null,
      deleted: false,
    });
    for (const s of [a1, a2]) {
      const echo = await s.next('chat.message');
      expect(echo).toEqual(got); // same message, same eventId
    }

    send(b1, a.user.id, 'hi alice', 'b-1');
    const back = await a2.next('chat.message', (e) => e.payload.from === b.user.id);
    expect(back.payload).toMatchObject({ from: b.user.id, to: a.user.id, body: 'hi alice' });
    expect(back.eventId).toBeGreaterThan(got.eventId);
    expect(back.payload.id).toBeGreaterThan(got.payload.id);
  });

  it('keeps order: 60 rapid messages arrive in the order sent, ids and eventIds increasing', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    for (let i = 0; i < 60; i++) send(la, b.user.id, `m${i}`);
    await until(() => messages(lb).length === 60, '60 messages');
    const got = lb.of('chat.message');
    expect(got.map((e) => e.payload.body)).toEqual(Array.from({ length: 60 }, (_, i) => `m${i}`));
    const ids = got.map((e) => e.payload.id);
    const eventIds = got.map((e) => e.eventId);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(eventIds).toEqual([...eventIds].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(60);
  });

  it('a retry with the same clientId returns the same message, stored once, echoed again', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);

    send(la, b.user.id, 'once', 'same');
    send(la, b.user.id, 'once', 'same'); // within the same batch
    await until(() => messages(la).length === 2, 'two echoes');
    const [first, second] = la.of('chat.message');
    expect(second).toEqual(first);

    // After a reconnect (the UI resends pending messages): same id and eventId again.
    la.close();
    const again = await connect(srv, a.client);
    send(again, b.user.id, 'once', 'same');
    const third = await again.next('chat.message');
    expect(third).toEqual(first);

    expect(storedCount(a.user.id)).toBe(1);
    // The recipient got it exactly once (a marker message proves later traffic arrived).
    send(again, b.user.id, 'marker');
    await lb.next('chat.message', (e) => e.payload.body === 'marker');
    expect(messages(lb).filter((m) => m.body === 'once')).toHaveLength(1);
  });

  it('a clientId reused for another recipient or text is refused (VALIDATION_FAILED, ref), never "sent"', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const c = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    const lc = await connect(srv, c.client);
    const reused = {
      code: 'VALIDATION_FAILED',
      message:
        'This clientId was already used for another message: use a new clientId for each message.',
      ref: 'x',
    };

    send(la, b.user.id, 'for b', 'x');
    await la.next('chat.message', (e) => e.payload.clientId === 'x');
    send(la, c.user.id, 'for c', 'x'); // another recipient (stored before)
    expect((await la.next('error')).payload).toEqual(reused);
    send(la, b.user.id, 'for b, edited', 'x'); // the same recipient, another text
    await until(() => la.of('error').length === 2, 'a second refusal');
    expect(la.of('error')[1]!.payload).toEqual(reused);
    // Within one batch: the first is stored, the second refused.
    send(la, b.user.id, 'first', 'y');
    send(la, c.user.id, 'second', 'y');
    await until(() => la.of('error').length === 3, 'the in-batch refusal');
    expect(la.of('error')[2]!.payload).toEqual({ ...reused, ref: 'y' });

    // Nothing reached c; the echoes were the real messages only (a marker proves later traffic).
    send(la, c.user.id, 'marker', 'z');
    await lc.next('chat.message', (e) => e.payload.body === 'marker');
    expect(messages(lc).map((m) => m.body)).toEqual(['marker']);
    expect(messages(lb).map((m) => m.body)).toEqual(['for b', 'first']);
    expect(storedCount(a.user.id)).toBe(3);
    // A true retry (same recipient, same text) is still a retry.
    send(la, b.user.id, 'for b', 'x');
    await until(
      () => la.of('chat.message').filter((e) => e.payload.clientId === 'x').length === 2,
      'the re-echo',
    );
    expect(la.of('error')).toHaveLength(3);
  });

  it('is committed before it is delivered', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    const found: boolean[] = [];
    lb.ws.on('message', (data: Buffer) => {
      const e = JSON.parse(data.toString()) as { type: string; payload: { id: number } };
      if (e.type !== 'chat.message') return;
      // Another connection sees only committed data.
      found.push(
        reader.prepare('SELECT 1 FROM messages WHERE id = ?').get(e.payload.id) !== undefined,
      );
    });
    for (let i = 0; i < 20; i++) send(la, b.user.id, `durable ${i}`);
    await until(() => found.length === 20, '20 deliveries');
    expect(found.every(Boolean)).toBe(true);
  });

  it('reaches a user who is offline: unread on connect, in the history, and in a resume', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const first = await connect(srv, b.client);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();
    await until(() => !srv.server.context.live.isOnline(b.user.id), 'b offline');

    const la = await connect(srv, a.client);
    for (const body of ['one', 'two', 'three']) send(la, b.user.id, body);
    await until(() => messages(la).length === 3, 'three echoes');

    const lb = await connect(srv, b.client, { resume: since });
    const unread = await lb.next('unread');
    expect(unread.payload.chats).toEqual({ [String(a.user.id)]: 3 });
    await until(() => messages(lb).length === 3, 'the replay');
    expect(messages(lb).map((m) => m.body)).toEqual(['one', 'two', 'three']);
    const history = await b.client.get<ChatHistory>(`/api/chat/${a.user.id}/messages`);
    expect(history.json.items.map((m) => m.body)).toEqual(['one', 'two', 'three']);
  });

  it.each([
    ['empty', (_me: number, peer: number) => ({ to: peer, body: '  \n ' }), 'VALIDATION_FAILED'],
    [
      'over 5,000 characters',
      (_me: number, peer: number) => ({ to: peer, body: 'x'.repeat(5001) }),
      'VALIDATION_FAILED',
    ],
    [
      'invisible',
      (_me: number, peer: number) => ({ to: peer, body: '\u200b\u2060' }),
      'VALIDATION_FAILED',
    ],
    [
      'with a NUL',
      (_me: number, peer: number) => ({ to: peer, body: 'a\u0000b' }),
      'VALIDATION_FAILED',
    ],
    [
      'with a lone surrogate',
      (_me: number, peer: number) => ({ to: peer, body: 'a\ud800b' }),
      'VALIDATION_FAILED',
    ],
    ['to yourself', (me: number) => ({ to: me, body: 'hi me' }), 'CANNOT_MESSAGE_SELF'],
    ['to nobody', () => ({ to: 999_999, body: 'hello?' }), 'UNKNOWN_RECIPIENT'],
  ])('refuses a message %s with a clear code; the socket stays', async (_name, make, code) => {
    const a = await srv.signup();
    const b = await srv.signup();
    const live = await connect(srv, a.client);
    const payload = make(a.user.id, b.user.id);
    live.send({ type: 'chat.send', payload: { ...payload, clientId: 'bad-1' } });
    const err = await live.next('error');
    expect(err.payload).toEqual({ code, message: expect.any(String), ref: 'bad-1' });
    expect(live.isOpen).toBe(true);
    expect(storedCount(a.user.id)).toBe(0);
    send(live, b.user.id, 'fine');
    await live.next('chat.message');
  });

  it('exactly 5,000 characters is fine', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const live = await connect(srv, a.client);
    send(live, b.user.id, 'é'.repeat(5000));
    expect((await live.next('chat.message')).payload.body).toHaveLength(5000);
  });
});

describe('GET /api/chat/:userId/messages', () => {
  it('pages 10 / 10 / hasMore=false, oldest → newest within a page', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    // Two sockets' frames have no order between them: wait for each echo before the next.
    for (let i = 1; i <= 20; i++) {
      send(i % 2 ? la : lb, i % 2 ? b.user.id : a.user.id, `#${i}`);
      await until(() => messages(la).length === i, `message ${i}`);
    }

    const page1 = await a.client.get<ChatHistory>(`/api/chat/${b.user.id}/messages`);
    expect(page1.status).toBe(200);
    expect(page1.json.items.map((m) => m.body)).toEqual(
      Array.from({ length: 10 }, (_, i) => `#${i + 11}`),
    );
    expect(page1.json.hasMore).toBe(true);
    const before = page1.json.items[0]!.id;
    const page2 = await a.client.get<ChatHistory>(
      `/api/chat/${b.user.id}/messages?before=${before}&limit=10`,
    );
    expect(page2.json.items.map((m) => m.body)).toEqual(
      Array.from({ length: 10 }, (_, i) => `#${i + 1}`),
    );
    expect(page2.json.hasMore).toBe(false);
    // Both sides see the same conversation.
    const fromB = await b.client.get<ChatHistory>(`/api/chat/${a.user.id}/messages?limit=20`);
    expect(fromB.json.items).toHaveLength(20);
    expect(fromB.json.hasMore).toBe(false);
  });

  it('answers 401 without a session, 404 for an unknown user, 400 for bad input', async () => {
    const a = await srv.signup();
    expect((await srv.client().get(`/api/chat/${a.user.id}/messages`)).status).toBe(401);
    const unknown = await a.client.get('/api/chat/999999/messages');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('NOT_FOUND');
    const self = await a.client.get(`/api/chat/${a.user.id}/messages`);
    expect(errorOf(self).code).toBe('CANNOT_MESSAGE_SELF');
    const badId = await a.client.get('/api/chat/abc/messages');
    expect(errorOf(badId)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'userId' });
    const badLimit = await a.client.get(`/api/chat/${a.user.id + 1}/messages?limit=0`);
    expect(errorOf(badLimit)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'limit' });
  });
});

describe('GET /api/chat/roster', () => {
  it('orders by last message (sent or received, newest first), then by nickname case-insensitively', async () => {
    const s = await startTestServer();
    try {
      const me = await s.signup({ nickname: 'me_roster' });
      const zed = await s.signup({ nickname: 'zed' });
      const amy = await s.signup({ nickname: 'Amy' });
      await s.signup({ nickname: 'bob2' });
      await s.signup({ nickname: 'Bob10' });
      await s.signup({ nickname: 'carl' });
      const yan = await s.signup({ nickname: 'Yan' });
      const roster = async (c: TestClient) => (await c.get<RosterEntry[]>('/api/chat/roster')).json;

      // Nobody messaged yet: alphabetical, case-insensitive, numbers in numeric order.
      expect((await roster(me.client)).map((e) => e.nickname)).toEqual([
        'Amy',
        'bob2',
        'Bob10',
        'carl',
        'Yan',
        'zed',
      ]);

      const lm = await connect(s, me.client);
      const lz = await connect(s, zed.client);
      const ly = await connect(s, yan.client);
      send(lm, zed.user.id, 'to zed'); // sent
      await lm.next('chat.message');
      send(ly, me.user.id, 'from yan, a long one '.repeat(20)); // received, later
      await lm.next('chat.message', (e) => e.payload.from === yan.user.id);
      let list = await roster(me.client);
      expect(list.map((e) => e.nickname)).toEqual(['Yan', 'zed', 'Amy', 'bob2', 'Bob10', 'carl']);
      expect(list[0]).toMatchObject({
        id: yan.user.id,
        online: true,
        unread: 1,
        lastMessagePreview: 'from yan, a long one '.repeat(20).slice(0, 140),
        lastMessageAt: expect.stringMatching(/Z$/),
      });
      expect(list[1]).toMatchObject({ nickname: 'zed', online: true, unread: 0 });
      expect(list[2]).toMatchObject({
        nickname: 'Amy',
        online: false,
        lastMessageAt: null,
        lastMessagePreview: null,
        unread: 0,
      });

      // Writing to zed again brings zed back on top; amy now comes right after.
      send(lm, zed.user.id, 'again');
      send(lm, amy.user.id, 'hi amy');
      await until(() => lm.of('chat.message').length === 4, 'echoes');
      list = await roster(me.client);
      expect(list.map((e) => e.nickname)).toEqual(['Amy', 'zed', 'Yan', 'bob2', 'Bob10', 'carl']);
      expect(list.some((e) => e.id === me.user.id)).toBe(false);
      // The other side sees its own view.
      expect((await roster(zed.client))[0]).toMatchObject({ nickname: 'me_roster', unread: 2 });
      lz.close();
      await until(() => !s.server.context.live.isOnline(zed.user.id), 'zed offline');
      expect((await roster(me.client)).find((e) => e.id === zed.user.id)?.online).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('answers 401 without a session', async () => {
    expect((await srv.client().get('/api/chat/roster')).status).toBe(401);
  });
});

describe('unread counts', () => {
  it('are the same on every socket, and reading on one clears them on the others', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const b1 = await connect(srv, b.client);
    const b2 = await connect(srv, b.client);
    send(la, b.user.id, 'one');
    send(la, b.user.id, 'two');
    const key = String(a.user.id);
    const lastUnread = (s: LiveClient) => s.of('unread').at(-1)?.payload;
    for (const s of [b1, b2]) {
      await until(() => lastUnread(s)?.chats[key] === 2, 'unread 2 on both sockets');
      await until(() => messages(s).length === 2, 'both messages on both sockets');
    }
    const upTo = messages(b1).at(-1)!.id;
    b1.send({ type: 'chat.read', payload: { with: a.user.id, upTo } });
    for (const s of [b1, b2]) {
      await until(() => lastUnread(s)?.chats[key] === undefined, 'unread cleared on both');
      expect(lastUnread(s)).toEqual({ notifications: 0, chats: {} });
    }
    const roster = await b.client.get<RosterEntry[]>('/api/chat/roster');
    expect(roster.json.find((e) => e.id === a.user.id)?.unread).toBe(0);
  });

  it('chat.read with yourself or nobody gets an error, like typing; the socket stays', async () => {
    const a = await srv.signup();
    const la = await connect(srv, a.client);
    la.send({ type: 'chat.read', payload: { with: a.user.id, upTo: 1 } });
    la.send({ type: 'chat.read', payload: { with: 99_999_999, upTo: 1 } });
    await until(() => la.of('error').length === 2, 'two errors');
    expect(la.of('error').map((e) => e.payload)).toEqual([
      { code: 'CANNOT_MESSAGE_SELF', message: 'There is no conversation with yourself.' },
      { code: 'UNKNOWN_RECIPIENT', message: 'There is no user 99999999.' },
    ]);
    expect(la.isOpen).toBe(true);
  });

  it('a read that changes nothing pushes no unread', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const c = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    send(la, b.user.id, 'read me');
    await until(() => messages(lb).length === 1, 'the message');
    const upTo = messages(lb)[0]!.id;
    lb.send({ type: 'chat.read', payload: { with: a.user.id, upTo } });
    await until(
      () => lb.of('unread').at(-1)?.payload.chats[String(a.user.id)] === undefined,
      'read',
    );
    const pushes = lb.of('unread').length;
    // Again, twice: nothing changes. A send in the same or a later commit marks where any
    // push for the reads would already have arrived (same tick → same write, ahead of it).
    lb.send({ type: 'chat.read', payload: { with: a.user.id, upTo } });
    lb.send({ type: 'chat.read', payload: { with: a.user.id, upTo } });
    send(lb, c.user.id, 'marker');
    await lb.next('chat.message', (e) => e.payload.body === 'marker');
    expect(lb.of('unread')).toHaveLength(pushes);
  });

  it('reading up to a message leaves the later ones unread', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    for (const body of ['1', '2', '3']) send(la, b.user.id, body);
    await until(() => messages(lb).length === 3, 'three');
    lb.send({ type: 'chat.read', payload: { with: a.user.id, upTo: messages(lb)[0]!.id } });
    await until(
      () => lb.of('unread').at(-1)?.payload.chats[String(a.user.id)] === 2,
      'two left unread',
    );
  });
});
