/**
 * The HTTPS host: the certificate kept in the data folder, a Secure session cookie, the
 * live layer over wss with resume, plain HTTP refused on that port. The whole live contract
 * also runs over HTTPS: `HEARTH_TEST_HTTPS=1 npx vitest run server/live`.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, tempDataDir, TestClient, type TestServer } from './test/harness';
import { closeAllClients, connect, until, wsUrl } from './test/ws-client';

const servers: TestServer[] = [];
afterEach(async () => {
  closeAllClients();
  for (const s of servers.splice(0)) await s.close();
});

describe('the HTTPS host', () => {
  it('serves REST and wss with a Secure cookie, and resumes over wss without a gap', async () => {
    const srv = await startTestServer({ https: true });
    servers.push(srv);
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(wsUrl(srv)).toMatch(/^wss:/);
    expect(srv.server.certificate?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const a = await srv.signup();
    const b = await srv.signup();
    const c = srv.client();
    const login = await c.post('/api/auth/login', {
      login: b.user.nickname,
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    expect((await c.get('/api/auth/me')).status).toBe(200);

    const lb = await connect(srv, b.client);
    const since = lb.of('hello')[0]!.payload.lastEventId;
    lb.close();
    const la = await connect(srv, a.client);
    for (const n of [1, 2, 3]) {
      la.send({
        type: 'chat.send',
        payload: { to: b.user.id, body: `over tls ${n}`, clientId: `t${n}` },
      });
    }
    await la.next('chat.message', (e) => e.payload.body === 'over tls 3');
    const again = await connect(srv, b.client, { resume: since });
    await until(() => again.of('chat.message').length === 3, 'three replayed messages');
    expect(again.of('chat.message').map((e) => e.payload.body)).toEqual([
      'over tls 1',
      'over tls 2',
      'over tls 3',
    ]);
  });

  it('keeps its certificate across restarts, and plain HTTP on its port gets no page', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ https: true, dataDir });
    const fp = first.server.certificate!.sha256;
    const port = first.server.port;
    const plain = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/forum' }, (res) =>
        resolve(`status ${res.statusCode}`),
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve(`error ${err.code ?? err.message}`));
      req.end();
    });
    expect(plain).not.toBe('status 200');
    await first.close({ keepData: true });

    const second = await startTestServer({ https: true, dataDir });
    servers.push(second);
    expect(second.server.certificate!.sha256).toBe(fp);
    expect((await second.client().get('/api/forum')).status).toBe(200);
  });

  it('"also serve HTTP for old devices": the same forum on a second, plain port; the HTTPS port stays TLS', async () => {
    const srv = await startTestServer({ https: true, httpPort: 0 });
    servers.push(srv);
    const plain = srv.server.plainHttp!;
    expect(plain.port).not.toBe(srv.server.port);
    expect(plain.url).toBe(`http://127.0.0.1:${plain.port}`);

    // One account, one database: signed up over HTTPS, it logs in over plain HTTP, and the
    // plain port's socket gets the same live events (ws, not wss).
    const a = await srv.signup();
    const b = await srv.signup();
    const old = new TestClient(plain.url);
    const login = await old.post('/api/auth/login', {
      login: b.user.nickname,
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).not.toMatch(/Secure/);
    const share = await old.get('/api/invites/share');
    expect(share.status).toBe(200);
    expect((share.json as { fingerprint: unknown }).fingerprint).toBeNull();

    const lb = await connect({ url: plain.url }, old);
    const la = await connect(srv, a.client);
    la.send({
      type: 'chat.send',
      payload: { to: b.user.id, body: 'to an old phone', clientId: 'o1' },
    });
    await lb.next('chat.message', (e) => e.payload.body === 'to an old phone');

    // Plain HTTP on the HTTPS port still gets no page.
    const refused = await new Promise<string>((resolve) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: srv.server.port, path: '/api/forum' },
        (res) => resolve(`status ${res.statusCode}`),
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve(`error ${err.code ?? err.message}`));
      req.end();
    });
    expect(refused).not.toBe('status 200');
  });

  it('refuses a plain-HTTP port without HTTPS, or the HTTPS port twice, with a clear message', async () => {
    await expect(startTestServer({ httpPort: 4001 })).rejects.toThrow(/only goes with HTTPS/);
    await expect(startTestServer({ https: true, port: 4555, httpPort: 4555 })).rejects.toThrow(
      /must differ from the HTTPS port \(both are 4555\)/,
    );
  });
});
