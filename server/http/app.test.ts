import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';

let t: TestServer;
let alice: TestClient;
const uiDir = mkdtempSync(join(tmpdir(), 'hearth-ui-'));
beforeAll(async () => {
  mkdirSync(join(uiDir, 'assets'));
  writeFileSync(
    join(uiDir, 'index.html'),
    '<!doctype html><html><head><title>Hearth</title><script type="module" src="./assets/app-1234.js"></script></head><body></body></html>',
  );
  writeFileSync(join(uiDir, 'assets', 'app-1234.js'), 'console.log("hi")');
  writeFileSync(join(uiDir, 'launcher.html'), '<!doctype html><title>Launcher</title>');
  t = await startTestServer({ staticDir: uiDir });
  alice = (await t.signup()).client;
});
afterAll(async () => {
  await t.close();
  rmSync(uiDir, { recursive: true, force: true });
});

/**
 * A raw request, for bodies and headers fetch will not send as is (chunked bodies, a chosen
 * Host header).
 */
function raw(
  path: string,
  headers: Record<string, string>,
  body: Buffer | string = '',
  method = 'POST',
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(t.url + path, { method, headers }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('request bodies', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    for (const body of ['{"title": ', '{title: 1}', "{'a':1}", 'null', '"just a string"']) {
      const res = await alice.post('/api/posts', undefined, {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, body).toBe(400);
      expect(errorOf(res)).toEqual({
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON.',
      });
    }
  });

  it('over 64 KB → 413 PAYLOAD_TOO_LARGE, even with a lying Content-Length absent (chunked)', async () => {
    const big = { title: 'big', body: 'x'.repeat(70 * 1024), categoryIds: [1] };
    const res = await alice.post('/api/posts', big);
    expect(res.status).toBe(413);
    expect(errorOf(res)).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is larger than 64 KB.',
    });

    const chunked = await raw(
      '/api/auth/login',
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      JSON.stringify({ login: 'x'.repeat(80 * 1024), password: 'y' }),
    );
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 64 KB.' },
    });
  });

  it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await alice.post('/api/posts', undefined, {
        body: 'title=x',
        headers: { 'content-type': type },
      });
      expect(res.status, type).toBe(415);
      expect(errorOf(res)).toEqual({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the body as JSON (Content-Type: application/json).',
      });
    }
    const gz = await raw(
      '/api/auth/login',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      'xx',
    );
    expect(gz.status).toBe(415);
    expect(JSON.parse(gz.body).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('survives a flood of garbage and keeps serving', async () => {
    const junk = ['\u0000\u0001', '{"a":'.repeat(1000), '[[[[[[[[[[', '\uFFFF'];
    for (const body of junk) {
      const res = await alice.post('/api/posts/1/comments', undefined, {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await alice.get('/api/auth/me')).status).toBe(200);
  });
});

describe('routing', () => {
  it('unknown /api routes → 404 JSON, with or without a session', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/posts/1/likes'],
      ['DELETE', '/api/posts/1/likes'],
      ['GET', '/api'],
      ['GET', '/api%2fposts'],
      ['GET', '/API%2Fposts'],
      ['GET', '/api%5cposts'],
    ] as const) {
      for (const c of [alice, t.client()]) {
        const res = await c.request(method, path);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(errorOf(res).code).toBe('NOT_FOUND');
      }
    }
  });

  it('serves the UI with SPA fallback, real assets, and 404 for missing assets', async () => {
    const home = await t.client().get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(home.text).toContain('<base href="/" />');
    expect(home.headers.get('cache-control')).toBe('no-cache');

    const deep = await t.client().get('/post/42');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('./assets/app-1234.js');

    const asset = await t.client().get('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const missing = await t.client().get('/assets/missing-9999.js');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
  });

  it('keeps the desktop launcher page to the desktop', async () => {
    const res = await t.client().get('/launcher.html');
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });

  it('answers an OPTIONS (CORS preflight) under /api with an empty 204 and no CORS grant', async () => {
    for (const path of ['/api/posts', '/api/nope']) {
      const res = await t.client().request('OPTIONS', path, {
        headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(res.status, path).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('says the UI is not built when there is none', async () => {
    const bare = await startTestServer({ staticDir: null });
    try {
      const res = await bare.client().get('/');
      expect(res.status).toBe(503);
      expect(res.text).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});

describe('security headers', () => {
  it('sends a CSP for the UI with socket access to this host only, and the usual hardening', async () => {
    const res = await t.client().get('/');
    const host = new URL(t.url).host;
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        `font-src 'self' data:; connect-src 'self' ws://${host}; object-src 'none'; base-uri 'self'; ` +
        "form-action 'self'; frame-ancestors 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('marks API answers no-store and carries the headers on errors too', async () => {
    const res = await t.client().get('/api/auth/me');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('isolates every answer from other sites: COOP and CORP same-origin', async () => {
    const answers = await Promise.all([
      t.client().get('/'), // a UI page
      t.client().get('/post/42'), // the UI's fallback page
      t.client().get('/assets/app-1234.js'), // an asset
      alice.get('/api/auth/me'), // API JSON
      t.client().get('/api/auth/me'), // an API error
      t.client().get('/assets/missing-9999.js'), // a 404
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 401, 404]);
    for (const res of answers) {
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });

  it('sends COOP only where browsers apply it: https and loopback, not a plain-http LAN address', async () => {
    const port = new URL(t.url).port;
    const headersFor = (host: string, extra: Record<string, string> = {}) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = httpRequest(t.url + '/', { headers: { host, ...extra } }, (res) => {
          res.resume();
          resolve(res.headers);
        });
        req.on('error', reject);
        req.end();
      });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await headersFor(host))['cross-origin-opener-policy'], host).toBe('same-origin');
    }
    const lan = await headersFor(`192.168.1.20:${port}`);
    expect(lan['cross-origin-opener-policy']).toBeUndefined();
    expect(lan['cross-origin-resource-policy']).toBe('same-origin');
    // Over https (a trusted TLS proxy; here the test is no trusted proxy, so no).
    expect(
      (await headersFor(`192.168.1.20:${port}`, { 'x-forwarded-proto': 'https' }))[
        'cross-origin-opener-policy'
      ],
    ).toBeUndefined();
  });

  it('refuses writes from another origin, allows its own and non-browser clients', async () => {
    const body = { title: 't', body: 'b', categoryIds: [1] };
    const evil = await alice.post('/api/posts', body, {
      headers: { origin: 'http://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(errorOf(evil)).toEqual({
      code: 'FORBIDDEN',
      message: 'Cross-site requests are not allowed.',
    });
    const own = await alice.post('/api/posts', body, {
      headers: { origin: new URL(t.url).origin },
    });
    expect(own.status).toBe(201);
    expect((await alice.post('/api/posts', body)).status).toBe(201);
    // Reads are not state-changing: a cross-origin GET still cannot read the answer (no CORS).
    expect(
      (await alice.get('/api/posts', { headers: { origin: 'http://evil.example' } })).status,
    ).toBe(200);
  });
});

describe('host names (DNS rebinding)', () => {
  const signup = JSON.stringify({
    nickname: 'rebinder',
    email: 'rebinder@example.com',
    password: 'correct horse battery',
    firstName: 'Re',
    lastName: 'Binder',
    age: 30,
    gender: 'other',
  });

  it('refuses a name it does not answer to with 421 UNKNOWN_HOST, even with a matching Origin', async () => {
    const port = new URL(t.url).port;
    const host = `rebind.attacker.example:${port}`;
    const res = await raw(
      '/api/auth/signup',
      { host, origin: `http://${host}`, 'content-type': 'application/json' },
      signup,
    );
    expect(res.status).toBe(421);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNKNOWN_HOST');
    expect(body.error.message).toContain('"rebind.attacker.example"');
    // Nothing was created: the same nickname is still free through the real address.
    const lookup = await raw('/', { host: `rebind.attacker.example:${port}` }, '', 'GET');
    expect(lookup.status).toBe(421);
    // A person who typed the name into a browser gets the explanation as a page.
    const page = await raw(
      '/',
      { host: `rebind.attacker.example:${port}`, accept: 'text/html,*/*;q=0.8' },
      '',
      'GET',
    );
    expect(page.status).toBe(421);
    expect(page.body).toMatch(/^<!doctype html>/);
    expect(page.body).toContain('&#34;rebind.attacker.example&#34;');
    const real = await raw(
      '/api/auth/signup',
      { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
      signup,
    );
    expect(real.status).toBe(201);
  });

  it('answers IP addresses, localhost and this machine’s name; refuses garbage', async () => {
    const port = new URL(t.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `localhost:${port}`,
      'app.localhost',
      hostname(),
    ]) {
      expect((await raw('/api/categories', { host }, '', 'GET')).status, host).toBe(401);
    }
    for (const host of ['evil.example', 'a b', 'x..y', '[::1']) {
      expect((await raw('/api/categories', { host }, '', 'GET')).status, host).toBe(421);
    }
  });
});

describe('server faults', () => {
  it('answers 500 INTERNAL without details or a stack, and logs it', async () => {
    const s = await startTestServer();
    try {
      const { client } = await s.signup();
      s.server.context.db.close(); // the disk went away, say
      const res = await client.get('/api/categories');
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        error: { code: 'INTERNAL', message: 'Something went wrong on the server.' },
      });
      expect(res.text).not.toMatch(/at |\.ts|Error/);
      expect(s.logs.some((l) => l.level === 'error' && l.message === 'request failed')).toBe(true);
    } finally {
      await s.close().catch(() => undefined);
    }
  });
});
