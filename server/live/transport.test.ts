/**
 * The /ws transport against a real server: the handshake checks (session, Origin, path),
 * limits (64 KiB frames, sockets per user), bad input, heartbeat, session end and shutdown.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChatHistory } from '../../common/api';
import { LIMITS } from '../../common/limits';
import { WS_CLOSE } from '../../common/protocol';
import { startTestServer, type TestServer } from '../test/harness';
import {
  closeAllClients,
  connect,
  refusedHandshake,
  until,
  wsUrl,
  floodUntilCut,
} from '../test/ws-client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ allowedOrigins: ['http://desk.example:5173'] });
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

describe('handshake', () => {
  it('opens with a session and greets: hello, presence.snapshot, unread, in that order', async () => {
    const a = await srv.signup();
    const live = await connect(srv, a.client);
    await live.next('unread');
    expect(live.events.map((e) => e.type).slice(0, 3)).toEqual([
      'hello',
      'presence.snapshot',
      'unread',
    ]);
    const hello = live.of('hello')[0]!;
    expect(hello.payload.user).toEqual(a.user);
    expect(hello.payload.lastEventId).toBe(srv.server.context.events.lastId());
    expect(live.of('presence.snapshot')[0]!.payload.online).toContain(a.user.id);
    expect(live.of('unread')[0]!.payload).toEqual({ notifications: 0, chats: {} });
  });

  it('refuses a handshake without a session: 401 with the JSON error, before upgrading', async () => {
    const res = await refusedHandshake(srv, { origin: srv.url });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue.' } },
    });
    const forged = await refusedHandshake(srv, {
      origin: srv.url,
      cookie: `${srv.server.sessionCookieName}=${'A'.repeat(43)}`,
    });
    expect(forged.status).toBe(401);
  });

  it('refuses another site’s Origin with 403 (cross-site WebSocket hijacking)', async () => {
    const a = await srv.signup();
    const res = await refusedHandshake(srv, {
      cookie: a.client.cookie!,
      origin: 'http://evil.example',
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 403,
      body: {
        error: { code: 'FORBIDDEN', message: 'Cross-site WebSocket connections are not allowed.' },
      },
    });
    // Same host name, other port: another origin.
    const port = srv.server.port;
    const other = await refusedHandshake(srv, {
      cookie: a.client.cookie!,
      origin: `http://127.0.0.1:${port + 1}`,
    });
    expect(other.status).toBe(403);
  });

  it('refuses a DNS-rebound host name with 421 before looking at the session', async () => {
    const a = await srv.signup();
    const port = srv.server.port;
    const rebound = `rebind.attacker.example:${port}`;
    const res = await refusedHandshake(srv, {
      host: rebound,
      origin: `http://${rebound}`,
      cookie: a.client.cookie!,
    });
    expect(res.status).toBe(421);
    expect(res.body).toMatchObject({ error: { code: 'UNKNOWN_HOST' } });
    expect(JSON.stringify(res.body)).toContain('--allowed-host rebind.attacker.example');
  });

  it('accepts its own origin under any name it is reached by, the allowlist, and no Origin', async () => {
    const a = await srv.signup();
    // Reached as localhost (or a LAN address): Origin and Host name the same server.
    const local = await connect({ url: `http://localhost:${srv.server.port}` }, a.client);
    expect(local.isOpen).toBe(true);
    const allowed = await connect(srv, a.client, { origin: 'http://desk.example:5173' });
    expect(allowed.isOpen).toBe(true);
    // Not a browser (curl, scripts): no ambient cookies to abuse, like the REST API.
    const bare = await connect(srv, a.client, { origin: null });
    expect(bare.isOpen).toBe(true);
  });

  it('answers 404 on any other path', async () => {
    const a = await srv.signup();
    const res = await refusedHandshake(srv, { cookie: a.client.cookie!, origin: srv.url }, '/wsx');
    expect(res.status).toBe(404);
  });

  it('re-sends a renewed session cookie on the 101 response', async () => {
    const a = await srv.signup();
    srv.clock.advance(srv.server.context.config.sessionRenewAfterMs + 1000);
    const ws = new WebSocket(wsUrl(srv), {
      headers: { cookie: a.client.cookie!, origin: srv.url },
    });
    const setCookie = await new Promise<string | string[] | undefined>((resolve, reject) => {
      ws.once('upgrade', (res) => resolve(res.headers['set-cookie']));
      ws.once('error', reject);
    });
    ws.terminate();
    expect(String(setCookie)).toMatch(
      new RegExp(`^${srv.server.sessionCookieName}=[\\w-]{43}; Max-Age=\\d+; Path=/; HttpOnly`),
    );
  });
});

describe('bad input never closes the socket', () => {
  it('malformed JSON, unknown or missing types, bad payloads and binary frames each get an error', async () => {
    const a = await srv.signup();
    // No resume yet: refused frames are not "the first message", so a resume still works after.
    const live = await connect(srv, a.client, { resume: 'none' });
    const errorsAfter = (n: number) => until(() => live.of('error').length >= n, `${n} errors`);

    live.sendRaw('{not json');
    live.send({ type: 'chat.react', payload: {} });
    live.send({ payload: {} });
    live.sendRaw('[1,2,3]');
    live.send({ type: 'chat.send', payload: { to: 'bob', body: 'x', clientId: 'k1' } });
    live.send({ type: 'resume', payload: { since: 1, extra: true } });
    live.sendRaw(Buffer.from('{"type":"resume","payload":{"since":0}}'), true);
    await errorsAfter(7);
    expect(live.of('error').map((e) => e.payload)).toEqual([
      { code: 'MALFORMED_JSON', message: 'The message is not valid JSON.' },
      { code: 'UNKNOWN_EVENT', message: 'Unknown event type "chat.react".' },
      {
        code: 'UNKNOWN_EVENT',
        message: 'Send an object of the form {"type": "...", "payload": {...}}.',
      },
      {
        code: 'UNKNOWN_EVENT',
        message: 'Send an object of the form {"type": "...", "payload": {...}}.',
      },
      {
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^Invalid chat\.send: payload\.to: .+/),
        ref: 'k1',
      },
      {
        code: 'VALIDATION_FAILED',
        message: 'Invalid resume: payload: unknown field "extra".',
      },
      { code: 'MALFORMED_JSON', message: 'Send JSON in text frames.' },
    ]);
    expect(live.isOpen).toBe(true);
    // Still fully usable, and the resume is still the socket's first (valid) message.
    live.send({ type: 'resume', payload: { since: 0 } });
    await live.next('user.joined', (e) => e.payload.user.id === a.user.id);
    expect(live.of('error')).toHaveLength(7);
  });

  it('an unknown field name is echoed cut at 40 characters, like an unknown type', async () => {
    const a = await srv.signup();
    const live = await connect(srv, a.client);
    const key = `k${'x'.repeat(5000)}`;
    live.send({ type: 'typing.stop', payload: { to: 1, [key]: 1 } });
    const err = await live.next('error');
    expect(err.payload).toEqual({
      code: 'VALIDATION_FAILED',
      message: `Invalid typing.stop: payload: unknown field "${key.slice(0, 40)}…".`,
    });
  });

  it('closes a frame over 64 KiB with 1009, and the server carries on', async () => {
    const a = await srv.signup();
    const live = await connect(srv, a.client);
    // Just under the limit: too long a message, refused, socket stays.
    const body = 'x'.repeat(LIMITS.wsPayloadBytes - 200);
    live.send({ type: 'chat.send', payload: { to: a.user.id, body, clientId: 'big' } });
    const refused = await live.next('error');
    expect(refused.payload).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'big' });
    expect(live.isOpen).toBe(true);

    live.sendRaw('y'.repeat(LIMITS.wsPayloadBytes + 1));
    expect((await live.waitClosed()).code).toBe(1009);

    const again = await connect(srv, a.client);
    expect(again.isOpen).toBe(true);
    expect((await a.client.get('/api/auth/me')).status).toBe(200);
  });
});

describe('connection lifecycle', () => {
  it('logout closes that session’s sockets with 4401, and only those', async () => {
    const a = await srv.signup();
    const other = srv.client();
    await other.post('/api/auth/login', {
      login: a.user.nickname,
      password: 'correct horse battery',
    });
    const s1 = await connect(srv, a.client);
    const s2 = await connect(srv, a.client);
    const elsewhere = await connect(srv, other);
    expect((await a.client.post('/api/auth/logout')).status).toBe(204);
    expect((await s1.waitClosed()).code).toBe(WS_CLOSE.SESSION_ENDED);
    expect((await s2.waitClosed()).code).toBe(WS_CLOSE.SESSION_ENDED);
    expect(elsewhere.isOpen).toBe(true);
  });

  it('session expiry closes the socket with 4401', async () => {
    const a = await srv.signup();
    const live = await connect(srv, a.client);
    srv.clock.advance(srv.server.context.config.sessionTtlMs + 1000);
    srv.server.context.sessions.sweepExpired();
    expect((await live.waitClosed()).code).toBe(WS_CLOSE.SESSION_ENDED);
  });

  it('cuts a socket that stops reading once its backlog passes the bound', async () => {
    const s = await startTestServer({ live: { maxBufferedBytes: 256 * 1024 } });
    try {
      const a = await s.signup();
      const b = await s.signup();
      const la = await connect(s, a.client);
      const slow = await connect(s, b.client);
      slow.ws.pause(); // reads nothing more: the kernel buffers fill, then the server's
      await floodUntilCut(() => s.server.context.live.isOnline(b.user.id), la, b.user.id);
      expect(s.server.context.live.isOnline(b.user.id)).toBe(false);
      expect(s.logs.some((r) => r.message === 'socket too slow, closing')).toBe(true);
      // Cut at once, with no close frame (it would wait behind a backlog nobody reads), so
      // its buffers go now rather than after ws's 30 s close timeout; the client sees 1006
      // once it reads again.
      expect(s.server.live.stats().connections).toBe(1);
      await until(() => s.server.live.stats().sockets === 1, 'the slow socket really closed');
      slow.ws.resume();
      expect((await slow.waitClosed()).code).toBe(1006);
      expect(s.server.live.stats().connections).toBe(1);
      expect(la.isOpen).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('limits sockets per user', async () => {
    const s = await startTestServer({ live: { maxSocketsPerUser: 2 } });
    try {
      const a = await s.signup();
      await connect(s, a.client);
      await connect(s, a.client);
      const res = await refusedHandshake(s, { cookie: a.client.cookie!, origin: s.url });
      expect(res).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    } finally {
      await s.close();
    }
  });

  it('pings: a socket that stops answering is cut, a live one stays', async () => {
    // 300 ms, not less: a healthy socket's pong must come back within one beat even when
    // this test's own event loop is held up on a loaded machine.
    const s = await startTestServer({ live: { heartbeatMs: 300 } });
    try {
      const a = await s.signup();
      const healthy = await connect(s, a.client);
      const dead = await connect(s, a.client, { autoPong: false });
      let pings = 0;
      healthy.ws.on('ping', () => pings++);
      const closed = await dead.waitClosed();
      expect(closed.code).toBe(1006); // terminated, no close frame
      await until(() => pings >= 3, 'three pings answered');
      expect(healthy.isOpen).toBe(true);
      expect(s.server.live.stats().connections).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('a chat.send arriving while the server shuts down is stored; the resend after a restart gets it back', async () => {
    const s = await startTestServer();
    const a = await s.signup();
    const b = await s.signup();
    const la = await connect(s, a.client);
    const closed = s.close({ keepData: true });
    // Sent after the server began closing (its close frame is on the way): it used to be
    // queued for a commit that never came.
    la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'late', clientId: 'late-1' } });
    await closed;
    expect((await la.waitClosed()).code).toBe(1001);

    const again = await startTestServer({ dataDir: s.dataDir, port: s.server.port });
    try {
      const lb = await connect(again, b.client);
      const la2 = await connect(again, a.client);
      // What the UI does with a send that got no echo: the same clientId again. It is a retry.
      la2.send({ type: 'chat.send', payload: { to: b.user.id, body: 'late', clientId: 'late-1' } });
      const echo = await la2.next('chat.message');
      expect(echo.payload).toMatchObject({ body: 'late', clientId: 'late-1' });
      const history = await b.client.get<ChatHistory>(`/api/chat/${a.user.id}/messages`);
      expect(history.json.items.map((m) => m.body)).toEqual(['late']);
      // Stored at shutdown, so it reached b by the log (the unread count), not twice live.
      expect(lb.of('unread')[0]!.payload.chats[String(a.user.id)]).toBe(1);
      expect(lb.of('chat.message')).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('close() ends every socket with 1001 and returns promptly; a restart on the same port serves again', async () => {
    const s = await startTestServer();
    const a = await s.signup();
    const sockets = await Promise.all([connect(s, a.client), connect(s, a.client)]);
    const started = Date.now();
    await s.close({ keepData: true });
    expect(Date.now() - started).toBeLessThan(5000);
    for (const live of sockets) expect((await live.waitClosed()).code).toBe(1001);

    const again = await startTestServer({ dataDir: s.dataDir, port: s.server.port });
    try {
      const live = await connect(again, a.client);
      expect(live.of('hello')[0]!.payload.user.id).toBe(a.user.id);
    } finally {
      await again.close();
    }
  });
});
