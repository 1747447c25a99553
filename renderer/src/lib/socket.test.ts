/**
 * The UI's socket client against the real server and its /ws live layer, with the `ws`
 * package standing in for the browser's WebSocket (same interface).
 */
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '@common/api';
import type { ClientEvent } from '@common/protocol';
import { startTestServer, type TestClient, type TestServer } from '../../../server/test/harness';
import { SocketClient, type SocketStatus, type WebSocketLike } from './socket';

let srv: TestServer;
const open: SocketClient[] = [];
const raws: WebSocket[] = [];

beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const r of raws.splice(0)) r.terminate();
});
afterAll(async () => {
  await srv.close();
});

const wsUrl = () => `${srv.url.replace(/^http/, 'ws')}/ws`;

function uiSocket(client: TestClient): SocketClient {
  const s = new SocketClient({
    url: wsUrl(),
    createSocket: (url) =>
      new WebSocket(url, {
        headers: { cookie: client.cookie ?? '', origin: srv.url },
      }) as unknown as WebSocketLike,
    checkSession: async () => (await client.get('/api/auth/me')).status !== 401,
    backoff: { baseMs: 20, maxMs: 200, floorRatio: 0.5 },
  });
  open.push(s);
  return s;
}

/** A plain socket for the other party. */
async function rawSocket(client: TestClient): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl(), { headers: { cookie: client.cookie ?? '', origin: srv.url } });
  raws.push(ws);
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  return ws;
}

const send = (ws: WebSocket, e: ClientEvent) => ws.send(JSON.stringify(e));

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function statuses(s: SocketClient): SocketStatus[] {
  const seen: SocketStatus[] = [];
  s.onStatus((st) => seen.push(st));
  return seen;
}

describe('SocketClient against the real server', () => {
  it('opens, takes its baseline from hello, and dispatches typed events; off() stops them', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const sock = uiSocket(a.client);
    const got: ChatMessage[] = [];
    let hello = 0;
    sock.on('hello', (e) => {
      hello++;
      expect(e.payload.user.id).toBe(a.user.id);
    });
    const off = sock.on('chat.message', (e) => got.push(e.payload));
    sock.connect();
    await until(() => sock.status === 'open' && hello === 1, 'open + hello');
    expect(sock.lastEventId).toBeGreaterThanOrEqual(0);

    const bws = await rawSocket(b.client);
    send(bws, { type: 'chat.send', payload: { to: a.user.id, body: 'one', clientId: 'c1' } });
    await until(() => got.length === 1, 'first message');
    expect(got[0]).toMatchObject({ from: b.user.id, to: a.user.id, body: 'one' });

    off();
    send(bws, { type: 'chat.send', payload: { to: a.user.id, body: 'two', clientId: 'c2' } });
    await until(() => sock.lastEventId > got.length, 'the second event to pass by');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(1);
  });

  it('sends its own events (chat.send round trip with clientId)', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const sock = uiSocket(a.client);
    const echoes: ChatMessage[] = [];
    sock.on('chat.message', (e) => echoes.push(e.payload));
    expect(sock.send({ type: 'typing.start', payload: { to: b.user.id } })).toBe(false); // not open yet
    sock.connect();
    await until(() => sock.status === 'open', 'open');
    expect(
      sock.send({ type: 'chat.send', payload: { to: b.user.id, body: 'hey', clientId: 'k-1' } }),
    ).toBe(true);
    await until(() => echoes.length === 1, 'the echo');
    expect(echoes[0]).toMatchObject({ from: a.user.id, clientId: 'k-1', body: 'hey' });
  });

  it('reconnects with backoff and resumes: 0 missing, 0 duplicated across 15 forced drops', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const sock = uiSocket(a.client);
    const seen = statuses(sock);
    const ids: number[] = [];
    const eventIds: number[] = [];
    sock.on('chat.message', (e) => {
      ids.push(e.payload.id);
      eventIds.push(e.eventId);
    });
    // Like the chat state resending pending messages: something is sent as soon as the socket
    // is open. The resume must still go first, or the server releases live events before the
    // replay and the order (and so the de-duplication) breaks.
    sock.onStatus((st) => {
      if (st === 'open') sock.send({ type: 'typing.stop', payload: { to: b.user.id } });
    });
    sock.connect();
    await until(() => sock.status === 'open', 'open');

    const bws = await rawSocket(b.client);
    const TOTAL = 150;
    for (let i = 0; i < TOTAL; i++) {
      send(bws, {
        type: 'chat.send',
        payload: { to: a.user.id, body: `m${i}`, clientId: `r${i}` },
      });
      if (i % 10 === 5) sock.dropConnection();
      await new Promise((r) => setTimeout(r, 3));
    }
    await until(() => ids.length >= TOTAL, `${TOTAL} messages`, 30_000);
    await new Promise((r) => setTimeout(r, 300)); // any late duplicate would land now
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
    for (let i = 1; i < eventIds.length; i++) expect(eventIds[i]).toBeGreaterThan(eventIds[i - 1]!);
    expect(seen.filter((s) => s === 'reconnecting').length).toBeGreaterThanOrEqual(10);
    expect(sock.status).toBe('open');
  });

  it('drops an event whose eventId equals the last one applied (a chat.send retry’s re-echo)', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    /** Every frame the server sent, before the client filters anything. */
    const frames: { type: string; eventId?: number; payload: { clientId?: string } }[] = [];
    const sock = new SocketClient({
      url: wsUrl(),
      createSocket: (url) => {
        const ws = new WebSocket(url, {
          headers: { cookie: a.client.cookie ?? '', origin: srv.url },
        });
        ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8'))));
        return ws as unknown as WebSocketLike;
      },
    });
    open.push(sock);
    const got: { clientId?: string; eventId: number }[] = [];
    sock.on('chat.message', (e) => got.push({ clientId: e.payload.clientId, eventId: e.eventId }));
    sock.connect();
    await sock.ready;
    const message = (clientId: string): ClientEvent => ({
      type: 'chat.send',
      payload: { to: b.user.id, body: 'once', clientId },
    });

    sock.send(message('same'));
    await until(() => got.length === 1, 'the echo');
    const first = got[0]!.eventId;
    expect(sock.lastEventId).toBe(first);
    // The retry of a message already stored: the server echoes the stored one, same eventId.
    sock.send(message('same'));
    sock.send(message('next'));
    await until(() => got.some((m) => m.clientId === 'next'), 'the next echo');
    const echoes = frames.filter((f) => f.type === 'chat.message' && f.payload.clientId === 'same');
    expect(echoes.map((f) => f.eventId)).toEqual([first, first]);
    expect(got.map((m) => m.clientId)).toEqual(['same', 'next']);
    expect(got[1]!.eventId).toBeGreaterThan(first);
  });

  it('sends at most one resume per socket, always as its first message (the server refuses others)', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    /** What each socket sent, in order. */
    const sent: string[][] = [];
    const sock = new SocketClient({
      url: wsUrl(),
      createSocket: (url) => {
        const ws = new WebSocket(url, {
          headers: { cookie: a.client.cookie ?? '', origin: srv.url },
        });
        const mine: string[] = [];
        sent.push(mine);
        const raw = ws.send.bind(ws);
        ws.send = ((data: string) => {
          mine.push((JSON.parse(data) as ClientEvent).type);
          raw(data);
        }) as typeof ws.send;
        return ws as unknown as WebSocketLike;
      },
      backoff: { baseMs: 20, maxMs: 200, floorRatio: 0.5 },
    });
    open.push(sock);
    const errors: string[] = [];
    sock.on('error', (e) => errors.push(e.payload.message));
    const ids: number[] = [];
    sock.on('chat.message', (e) => ids.push(e.payload.id));
    // As the chat state does: pending messages go out as soon as the socket is open, which on
    // the very first socket is before hello (so before the baseline is known).
    sock.onStatus((st) => {
      if (st === 'open') sock.send({ type: 'typing.stop', payload: { to: b.user.id } });
    });
    sock.connect();
    await sock.ready;
    const bws = await rawSocket(b.client);
    for (let round = 0; round < 3; round++) {
      send(bws, {
        type: 'chat.send',
        payload: { to: a.user.id, body: `r${round}`, clientId: `one-${round}` },
      });
      await until(() => ids.length === round + 1, `message ${round}`);
      const sockets = sent.length;
      sock.dropConnection();
      await until(() => sent.length > sockets && sock.status === 'open', 'the reconnect');
    }
    send(bws, { type: 'chat.send', payload: { to: a.user.id, body: 'last', clientId: 'one-x' } });
    await until(() => ids.length === 4, 'the last message');
    for (const frames of sent) {
      expect(frames.filter((t) => t === 'resume').length).toBeLessThanOrEqual(1);
      if (frames.includes('resume')) expect(frames[0]).toBe('resume');
    }
    // Every reconnect resumed; the first socket had sent typing.stop first, so it did not.
    expect(sent.slice(1).every((frames) => frames[0] === 'resume')).toBe(true);
    expect(sent[0]).not.toContain('resume');
    expect(errors).toEqual([]);
  });

  it('first connection: resumes from hello at once, so events do not wait for the grace period', async () => {
    // With a grace period this long, only the client's own resume can release the events the
    // server holds for a new socket before the test times out.
    const slow = await startTestServer({ live: { resumeGraceMs: 120_000 } });
    try {
      const a = await slow.signup();
      const b = await slow.signup();
      const sock = new SocketClient({
        url: `${slow.url.replace(/^http/, 'ws')}/ws`,
        createSocket: (url) =>
          new WebSocket(url, {
            headers: { cookie: a.client.cookie ?? '', origin: slow.url },
          }) as unknown as WebSocketLike,
      });
      open.push(sock);
      const got: string[] = [];
      sock.on('chat.message', (e) => got.push(e.payload.body));
      sock.connect();
      await sock.ready;
      const bws = new WebSocket(`${slow.url.replace(/^http/, 'ws')}/ws`, {
        headers: { cookie: b.client.cookie ?? '', origin: slow.url },
      });
      raws.push(bws);
      await new Promise((ok) => bws.once('open', ok));
      send(bws, { type: 'chat.send', payload: { to: a.user.id, body: 'quick', clientId: 'q1' } });
      await until(() => got.length === 1, 'the message, well before the grace period ends');
      expect(got).toEqual(['quick']);
    } finally {
      for (const s of open.splice(0)) s.close();
      for (const r of raws.splice(0)) r.terminate();
      await slow.close();
    }
  });

  it('a gap too large to replay gets resync; the client restarts from that socket and stays live', async () => {
    const small = await startTestServer({ live: { replayMaxEvents: 5 } });
    try {
      const a = await small.signup();
      const b = await small.signup();
      let offline = false;
      const sock = new SocketClient({
        url: `${small.url.replace(/^http/, 'ws')}/ws`,
        createSocket: (url) => {
          if (offline) throw new Error('offline');
          return new WebSocket(url, {
            headers: { cookie: a.client.cookie ?? '', origin: small.url },
          }) as unknown as WebSocketLike;
        },
        backoff: { baseMs: 20, maxMs: 100, floorRatio: 0.5 },
      });
      open.push(sock);
      const bodies: string[] = [];
      let resyncs = 0;
      sock.on('chat.message', (e) => bodies.push(e.payload.body));
      sock.on('resync', () => resyncs++);
      sock.connect();
      await sock.ready;
      await until(() => sock.status === 'open', 'open');

      const bws = new WebSocket(`${small.url.replace(/^http/, 'ws')}/ws`, {
        headers: { cookie: b.client.cookie ?? '', origin: small.url },
      });
      raws.push(bws);
      await new Promise((ok) => bws.once('open', ok));
      offline = true;
      sock.dropConnection();
      await until(() => sock.status === 'reconnecting', 'the drop');
      for (let i = 0; i < 12; i++) {
        send(bws, {
          type: 'chat.send',
          payload: { to: a.user.id, body: `gap ${i}`, clientId: `g${i}` },
        });
      }
      // All 12 committed (B gets its own echoes) before A comes back.
      let echoes = 0;
      bws.on('message', (d: Buffer) => {
        if ((JSON.parse(d.toString()) as { type: string }).type === 'chat.message') echoes++;
      });
      await until(() => echoes === 12, 'the 12 messages stored');
      offline = false;
      await until(() => resyncs === 1 && sock.status === 'open', 'resync');
      expect(bodies).toEqual([]); // the gap is refetched over REST, not replayed

      send(bws, {
        type: 'chat.send',
        payload: { to: a.user.id, body: 'after', clientId: 'g-after' },
      });
      await until(() => bodies.length === 1, 'the next live message');
      expect(bodies).toEqual(['after']);

      // A later drop resumes normally from the new baseline: no second resync, nothing lost.
      sock.dropConnection();
      await until(() => sock.status === 'reconnecting', 'the second drop');
      send(bws, {
        type: 'chat.send',
        payload: { to: a.user.id, body: 'later', clientId: 'g-later' },
      });
      await until(() => bodies.length === 2, 'the message sent while away');
      expect(bodies).toEqual(['after', 'later']);
      expect(resyncs).toBe(1);
    } finally {
      for (const s of open.splice(0)) s.close();
      for (const r of raws.splice(0)) r.terminate();
      await small.close();
    }
  });

  it('stops for good when the session ends (close 4401 after logout)', async () => {
    const a = await srv.signup();
    const sock = uiSocket(a.client);
    let ended = 0;
    sock.onSessionEnded(() => ended++);
    sock.connect();
    await until(() => sock.status === 'open', 'open');
    const cookie = a.client.cookie;
    expect((await a.client.post('/api/auth/logout')).status).toBe(204);
    await until(() => ended === 1, 'session ended');
    expect(sock.status).toBe('closed');
    a.client.cookie = cookie; // the old cookie must not bring it back
    await new Promise((r) => setTimeout(r, 300));
    expect(sock.status).toBe('closed');
  });

  it('stops for good, saying why, when a moderator suspends the account (close 4003)', async () => {
    const a = await srv.signup();
    const sock = uiSocket(a.client);
    const why: string[] = [];
    sock.onSessionEnded((w) => why.push(w));
    sock.connect();
    await until(() => sock.status === 'open', 'open');
    // The harness's first sign-up owns the forum.
    const suspended = srv.server.context.suspensions.suspend(1, a.user.id, null, null);
    expect(suspended.suspended).toBe(true);
    await until(() => why.length === 1, 'session ended');
    expect(why).toEqual(['suspended']);
    expect(sock.status).toBe('closed');
    await new Promise((r) => setTimeout(r, 300));
    expect(sock.status).toBe('closed');
  });

  it('a handshake refused for lack of a session ends the session instead of retrying forever', async () => {
    const anon = srv.client();
    const sock = uiSocket(anon);
    let ended = 0;
    sock.onSessionEnded(() => ended++);
    sock.connect();
    await until(() => ended === 1, 'session ended');
    expect(sock.status).toBe('closed');
  });
});
