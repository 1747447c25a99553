/**
 * The per-user token bucket on WebSocket messages: RATE_LIMITED errors (typing costs less
 * than sending), 1008 for a sustained flood, and `rateLimit: false` turning it off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '../../common/protocol';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until } from '../test/ws-client';

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

  it('rateLimit: false turns it off', async () => {
    const s = await server({ rateLimit: false });
    const a = await s.signup();
    const b = await s.signup();
    const live = await connect(s, a.client);
    for (let i = 0; i < 300; i++) {
      live.send({ type: 'chat.send', payload: { to: b.user.id, body: `${i}`, clientId: `u${i}` } });
    }
    await until(() => live.of('chat.message').length === 300, '300 sent');
    expect(live.of('error')).toEqual([]);
  });
});
