/**
 * The per-user token bucket on WebSocket messages: RATE_LIMITED errors (typing costs less
 * than sending), 1008 for a sustained flood, and `rateLimit: false` turning it off. Handshakes
 * take tokens too (per user and per address), flood state is per user with a cooldown, so
 * reconnecting is no way around any of it (review finding 3).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '../../common/protocol';
import { startTestServer, type TestServer } from '../test/harness';
import {
  closeAllClients,
  connect,
  refusedHandshake,
  until,
  type LiveClient,
} from '../test/ws-client';

const servers: TestServer[] = [];
afterEach(async () => {
  closeAllClients();
  for (const s of servers.splice(0)) await s.close();
});

async function server(options: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}

describe('WebSocket rate limit', () => {
  it('answers RATE_LIMITED (with the clientId) past the burst; the socket stays', async () => {
    // burst 6 = the resume sent on connect + 5 sends; no refill to speak of during the test
    const s = await server({ rateLimit: { ws: { burst: 6, perMinute: 0.01 } } });
    const a = await s.signup();
    const b = await s.signup();
    const live = await connect(s, a.client);
    for (let i = 0; i < 6; i++) {
      live.send({ type: 'chat.send', payload: { to: b.user.id, body: `${i}`, clientId: `k${i}` } });
    }
    const err = await live.next('error');
    expect(err.payload).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many messages\. Try again in \d+ s\.$/),
      ref: 'k5',
    });
    await until(() => live.of('chat.message').length === 5, 'five sent');
    expect(live.isOpen).toBe(true);
  });

  it('typing costs a quarter of a send', async () => {
    const s = await server({ rateLimit: { ws: { burst: 3, perMinute: 0.01 } } });
    const a = await s.signup();
    const b = await s.signup();
    const live = await connect(s, a.client); // the resume took 1 token: 2 left
    for (let i = 0; i < 8; i++) live.send({ type: 'typing.start', payload: { to: b.user.id } });
    live.send({ type: 'typing.start', payload: { to: b.user.id } });
    const err = await live.next('error');
    expect(err.payload.code).toBe('RATE_LIMITED');
    expect(live.of('error')).toHaveLength(1);
  });

  it('closes a sustained flood with 1008, and the server carries on', async () => {
    const s = await server({
      rateLimit: { ws: { burst: 5, perMinute: 0.01 } },
      live: { floodRejections: 20 },
    });
    const a = await s.signup();
    const b = await s.signup();
    const flood = await connect(s, a.client);
    for (let i = 0; i < 200; i++) flood.sendRaw('garbage');
    expect((await flood.waitClosed()).code).toBe(WS_CLOSE.POLICY);
    expect(flood.of('error').filter((e) => e.payload.code === 'RATE_LIMITED')).toHaveLength(20);
    // Others are unaffected; the server still answers.
    const other = await connect(s, b.client);
    expect(other.isOpen).toBe(true);
    expect((await b.client.get('/api/auth/me')).status).toBe(200);
  });

  it('rateLimit: false turns it off, handshakes included', async () => {
    const s = await server({ rateLimit: false });
    const a = await s.signup();
    const b = await s.signup();
    const live = await connect(s, a.client);
    for (let i = 0; i < 300; i++) {
      live.send({ type: 'chat.send', payload: { to: b.user.id, body: `${i}`, clientId: `u${i}` } });
    }
    await until(() => live.of('chat.message').length === 300, '300 sent');
    expect(live.of('error')).toEqual([]);
    // More reconnects than any bucket's burst (the bench opens 10,000 sockets from one address).
    for (let i = 0; i < 60; i++) (await connect(s, b.client)).close();
  });

  it('each handshake takes a token of its user: an empty bucket refuses the upgrade (429, Retry-After)', async () => {
    const s = await server({ rateLimit: { ws: { burst: 3, perMinute: 60 } } });
    const a = await s.signup();
    const b = await s.signup();
    for (let i = 0; i < 3; i++) (await connect(s, a.client)).close();
    const res = await refusedHandshake(s, { cookie: a.client.cookie!, origin: s.url });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: 'Too many connections from this account. Try again in 1 s.',
      },
    });
    expect(res.headers['retry-after']).toBe('1');
    // Per user: someone else connects; and a's bucket refills with time.
    expect((await connect(s, b.client)).isOpen).toBe(true);
    s.clock.advance(1000);
    const again = await connect(s, a.client);
    // The first resume on a socket is free (its handshake paid): no RATE_LIMITED for it.
    await until(() => again.of('unread').length === 1, 'greeting');
    expect(again.of('error')).toEqual([]);
  });

  it('handshakes are counted per address before the session is checked', async () => {
    const s = await server({ rateLimit: { wsConnect: { burst: 3, perMinute: 60 } } });
    const users = [await s.signup(), await s.signup(), await s.signup(), await s.signup()];
    for (const u of users.slice(0, 3)) expect((await connect(s, u.client)).isOpen).toBe(true);
    const other = await refusedHandshake(s, { cookie: users[3]!.client.cookie!, origin: s.url });
    expect(other.status).toBe(429);
    expect(other.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: 'Too many connection attempts from this address. Try again in 1 s.',
      },
    });
    expect(other.headers['retry-after']).toBe('1');
    // Before the cookie is even read: no session lookup for a flood of handshakes.
    const anonymous = await refusedHandshake(s, { origin: s.url });
    expect(anonymous.status).toBe(429);
    s.clock.advance(1000);
    expect((await connect(s, users[3]!.client)).isOpen).toBe(true);
  });

  it('normal use with the default limits: 32 tabs open at once and each resumes', async () => {
    const s = await server({ rateLimit: {} });
    const a = await s.signup();
    const b = await s.signup();
    const tabs = await Promise.all(Array.from({ length: 32 }, () => connect(s, a.client)));
    const lb = await connect(s, b.client);
    lb.send({ type: 'chat.send', payload: { to: a.user.id, body: 'to all tabs', clientId: 't' } });
    await until(
      () => tabs.every((t) => t.of('chat.message').length === 1),
      'the message on all 32 tabs',
    );
    for (const t of tabs) {
      expect(t.isOpen).toBe(true);
      expect(t.of('error')).toEqual([]);
    }
  });

  it('flood state is per user: rejections on several sockets add up to the 1008', async () => {
    const s = await server({
      rateLimit: { ws: { burst: 5, perMinute: 0.01 } },
      live: { floodRejections: 6 },
    });
    const a = await s.signup();
    const tabs: LiveClient[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await connect(s, a.client, { resume: 'none' }));
    // 3 handshakes took 3 tokens: 2 left. Then 3 garbage frames per socket: 2 paid, 7
    // refused in all, more than 6, although no socket alone saw more than 3.
    for (const t of tabs) for (let i = 0; i < 3; i++) t.sendRaw('garbage');
    await until(() => tabs.some((t) => t.closed?.code === WS_CLOSE.POLICY), 'a 1008');
  });

  it('after a flood close, the user’s handshakes get 429 for the cooldown, then work again', async () => {
    const s = await server({
      rateLimit: { ws: { burst: 5, perMinute: 60 } },
      live: { floodRejections: 3, floodCooldownMs: 60_000 },
    });
    const a = await s.signup();
    const b = await s.signup();
    const flood = await connect(s, a.client);
    const calm = await connect(s, a.client);
    for (let i = 0; i < 20; i++) flood.sendRaw('garbage');
    expect((await flood.waitClosed()).code).toBe(WS_CLOSE.POLICY);

    s.clock.advance(30_000); // the bucket is full again; the cooldown is not over
    const refused = await refusedHandshake(s, { cookie: a.client.cookie!, origin: s.url });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: 'Too many messages from this account. Reconnect in 30 s.',
      },
    });
    expect(refused.headers['retry-after']).toBe('30');
    // An open socket of the same user that behaves stays; others are unaffected.
    expect(calm.isOpen).toBe(true);
    expect((await connect(s, b.client)).isOpen).toBe(true);

    s.clock.advance(30_001);
    expect((await connect(s, a.client)).isOpen).toBe(true);
  });

  it('a socket closed for flooding counts toward the socket cap until it is really gone', async () => {
    const s = await server({
      rateLimit: { ws: { burst: 3, perMinute: 60 } },
      live: { floodRejections: 2, floodCooldownMs: 1, maxSocketsPerUser: 1 },
    });
    const a = await s.signup();
    const flood = await connect(s, a.client);
    for (let i = 0; i < 10; i++) flood.sendRaw('garbage');
    flood.ws.pause(); // never reads the close frame, so never answers it
    await until(() => s.server.live.stats().connections === 0, 'the flood socket let go');
    s.clock.advance(5000); // cooldown over, bucket full again
    // Still closing (waiting for the peer's close frame): it holds its place under the cap.
    expect(s.server.live.stats().sockets).toBe(1);
    const refused = await refusedHandshake(s, { cookie: a.client.cookie!, origin: s.url });
    expect(refused.body).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Too many open connections for this account.' },
    });
    // Cut 2 s after the close frame (not ws's 30 s): then there is room again.
    await until(() => s.server.live.stats().sockets === 0, 'the ignored close cut');
    expect((await connect(s, a.client)).isOpen).toBe(true);
  });

  it('logs a flood warning once per flood, and a few per minute over all users', async () => {
    const s = await server({
      rateLimit: { ws: { burst: 2, perMinute: 0.01 } },
      live: { floodRejections: 2 },
    });
    for (let u = 0; u < 7; u++) {
      const { client } = await s.signup();
      const flood = await connect(s, client);
      for (let i = 0; i < 10; i++) flood.sendRaw('garbage');
      expect((await flood.waitClosed()).code).toBe(WS_CLOSE.POLICY);
    }
    const warnings = s.logs.filter((r) => r.level === 'warn' && /flood/.test(r.message));
    expect(warnings).toHaveLength(5);
  });
});
