/**
 * Behind a reverse proxy (`trustProxy` / --trust-proxy): the proxy's X-Forwarded-Proto https
 * makes the session cookie Secure and lets the https page open its socket, and its
 * X-Forwarded-For gives rate limits the real client. From an untrusted peer both headers
 * are ignored. Real servers; the test process plays the proxy at 127.0.0.1.
 */
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupBody, startTestServer, type TestServer } from '../test/harness';

const LIMITS = { login: { burst: 2, perMinute: 1 } };
let proxied: TestServer; // trusts 127.0.0.1, where the test connects from
let direct: TestServer; // trusts nobody
let elsewhere: TestServer; // trusts a proxy that is not us
beforeAll(async () => {
  [proxied, direct, elsewhere] = await Promise.all([
    startTestServer({ trustProxy: ['127.0.0.1'], rateLimit: LIMITS }),
    startTestServer({ rateLimit: LIMITS }),
    startTestServer({ trustProxy: ['10.0.0.0/8'], rateLimit: LIMITS }),
  ]);
});
afterAll(async () => {
  await Promise.all([proxied.close(), direct.close(), elsewhere.close()]);
});

const viaTls = { 'x-forwarded-proto': 'https' };

async function signupCookie(srv: TestServer, headers: Record<string, string>): Promise<string> {
  const res = await srv.client().post('/api/auth/signup', signupBody(), { headers });
  expect(res.status).toBe(201);
  return res.headers.get('set-cookie') ?? '';
}

/** A WebSocket handshake with chosen headers: the status it got (101 when accepted). */
function handshake(srv: TestServer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${srv.url.replace(/^http/, 'ws')}/ws`, { headers });
    ws.on('error', () => undefined);
    ws.once('upgrade', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('close', () => reject(new Error('closed without an answer')));
  });
}

async function loginStatuses(srv: TestServer, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const address of forwardedFor) {
    const res = await srv
      .client()
      .post(
        '/api/auth/login',
        { login: 'nobody', password: 'wrong password' },
        { headers: { 'x-forwarded-for': address } },
      );
    statuses.push(res.status);
  }
  return statuses;
}

describe('the session cookie behind a TLS proxy', () => {
  it('is Secure when a trusted proxy says https, and only then', async () => {
    expect(await signupCookie(proxied, viaTls)).toMatch(/; Secure$/);
    expect(await signupCookie(proxied, {})).not.toMatch(/Secure/);
    expect(await signupCookie(proxied, { 'x-forwarded-proto': 'http' })).not.toMatch(/Secure/);
    // From an untrusted peer the header is the client's word: ignored.
    expect(await signupCookie(direct, viaTls)).not.toMatch(/Secure/);
    expect(await signupCookie(elsewhere, viaTls)).not.toMatch(/Secure/);
  });

  it('lets the https page open its socket through a trusted proxy only', async () => {
    for (const [srv, proxiedTls, accepted] of [
      [proxied, true, 101],
      [proxied, false, 403],
      [direct, true, 403],
      [elsewhere, true, 403],
    ] as const) {
      const cookie = (await signupCookie(srv, {})).split(';')[0] ?? '';
      const host = new URL(srv.url).host;
      const status = await handshake(srv, {
        cookie,
        origin: `https://${host}`,
        ...(proxiedTls ? viaTls : {}),
      });
      expect(status, `${srv === proxied ? 'trusted' : 'untrusted'} ${proxiedTls}`).toBe(accepted);
    }
  });
});

describe('pages behind a TLS proxy', () => {
  it('get Cross-Origin-Opener-Policy, which browsers apply over https', async () => {
    const coop = (srv: TestServer, headers: Record<string, string>) =>
      new Promise<unknown>((resolve, reject) => {
        const host = `192.168.1.20:${new URL(srv.url).port}`;
        const req = httpRequest(srv.url + '/', { headers: { host, ...headers } }, (res) => {
          res.resume();
          resolve(res.headers['cross-origin-opener-policy']);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await coop(proxied, viaTls)).toBe('same-origin');
    expect(await coop(proxied, {})).toBeUndefined();
    expect(await coop(direct, viaTls)).toBeUndefined();
  });
});

describe('rate limits behind a proxy', () => {
  it('count the forwarded client of a trusted proxy', async () => {
    expect(await loginStatuses(proxied, ['198.51.100.1', '198.51.100.1', '198.51.100.1'])).toEqual([
      401, 401, 429,
    ]);
    // Another client behind the same proxy has its own bucket.
    expect(await loginStatuses(proxied, ['198.51.100.2', '6.6.6.6, 198.51.100.2'])).toEqual([
      401, 401,
    ]);
  });

  it('ignore X-Forwarded-For from an untrusted peer: one bucket, whatever it claims', async () => {
    for (const srv of [direct, elsewhere]) {
      expect(await loginStatuses(srv, ['198.51.100.1', '198.51.100.2', '198.51.100.3'])).toEqual([
        401, 401, 429,
      ]);
    }
  });
});

describe('the live socket behind a proxy', () => {
  it('counts handshakes per forwarded client of a trusted proxy', async () => {
    const srv = await startTestServer({
      trustProxy: ['127.0.0.1'],
      rateLimit: { wsConnect: { burst: 1, perMinute: 1 } },
    });
    try {
      const cookie = (await signupCookie(srv, {})).split(';')[0] ?? '';
      const from = (address: string) =>
        handshake(srv, { cookie, origin: srv.url, 'x-forwarded-for': address });
      expect(await from('198.51.100.1')).toBe(101);
      expect(await from('198.51.100.1')).toBe(429);
      expect(await from('198.51.100.2')).toBe(101);
    } finally {
      await srv.close();
    }
  });
});
