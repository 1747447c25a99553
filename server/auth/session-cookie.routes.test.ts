/**
 * The per-forum session cookie over real HTTP and WebSocket: forums sharing a host (which
 * browsers do not separate by port) keep their own sessions, and duplicates of the cookie
 * (a stale or planted one with a longer Path, sent first) never sign anyone out.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../common/api';
import { openDb } from '../../db/open-db';
import { signupBody, startTestServer, TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

/**
 * A cookie jar that behaves like a browser's for this purpose: cookies are kept per host
 * name (never per port) and per name and Path, and sent longer Path first.
 */
class HostJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  header(): string {
    return [...this.cookies.values()]
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** Sets a cookie the way another service on the same host could. */
  plant(name: string, value: string, path: string): void {
    this.cookies.set(`${name};${path}`, { name, value, path });
  }

  names(): string[] {
    return [...new Set([...this.cookies.values()].map((c) => c.name))];
  }

  async fetch(
    baseUrl: string,
    path: string,
    init: { method?: string; json?: unknown } = {},
  ): Promise<{ status: number; setCookie: string[]; json: unknown }> {
    const headers: Record<string, string> = { cookie: this.header() };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, {
      method: init.method ?? 'GET',
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const setCookie = res.headers.getSetCookie();
    for (const line of setCookie) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttr = attrs.find((a) => /^path=/i.test(a));
      const cookiePath = pathAttr ? pathAttr.slice(5) : '/';
      if (/max-age=0/i.test(line)) this.cookies.delete(`${name};${cookiePath}`);
      else this.plant(name, value, cookiePath);
    }
    const text = await res.text();
    return { status: res.status, setCookie, json: text ? (JSON.parse(text) as unknown) : null };
  }
}

/** A TestClient that sends a fixed Cookie header (for the WebSocket helpers). */
function withCookie(srv: TestServer, cookie: string): TestClient {
  const client = new TestClient(srv.url);
  client.cookie = cookie;
  return client;
}

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});
afterEach(closeAllClients);

const unknownToken = (c: string) => c.repeat(43);

describe('the session cookie is per forum', () => {
  it('is named hearth_<forum id>, different for every forum', () => {
    expect(a.server.sessionCookieName).toMatch(/^hearth_[0-9a-f]{12}$/);
    expect(b.server.sessionCookieName).toMatch(/^hearth_[0-9a-f]{12}$/);
    expect(a.server.sessionCookieName).not.toBe(b.server.sessionCookieName);
    expect(a.server.sessionCookieName).toBe(a.server.context.sessions.cookie.name);
  });

  it('keeps two forums on one host signed in with one cookie jar, over REST and WebSocket', async () => {
    expect(new URL(a.url).hostname).toBe(new URL(b.url).hostname);
    const jar = new HostJar();
    const onA = await jar.fetch(a.url, '/api/auth/signup', { method: 'POST', json: signupBody() });
    expect(onA.status).toBe(201);
    const onB = await jar.fetch(b.url, '/api/auth/signup', { method: 'POST', json: signupBody() });
    expect(onB.status).toBe(201);
    expect(jar.names().sort()).toEqual(
      [a.server.sessionCookieName, b.server.sessionCookieName].sort(),
    );

    // Back and forth: each forum gets both cookies, reads its own, and leaves the other be.
    for (let round = 0; round < 2; round++) {
      for (const [srv, created] of [
        [a, onA],
        [b, onB],
      ] as const) {
        const me = await jar.fetch(srv.url, '/api/auth/me');
        expect(me.status).toBe(200);
        expect((me.json as Me).id).toBe((created.json as Me).id);
        expect(me.setCookie).toEqual([]);
      }
    }
    for (const [srv, created] of [
      [a, onA],
      [b, onB],
    ] as const) {
      const live = await connect(srv, withCookie(srv, jar.header()));
      expect(live.of('hello')[0]?.payload.user.id).toBe((created.json as Me).id);
    }

    // Signing out of one forum leaves the other signed in.
    expect((await jar.fetch(a.url, '/api/auth/logout', { method: 'POST' })).status).toBe(204);
    expect(jar.names()).toEqual([b.server.sessionCookieName]);
    expect((await jar.fetch(b.url, '/api/auth/me')).status).toBe(200);
    expect((await jar.fetch(a.url, '/api/auth/me')).status).toBe(401);
  });

  it('ignores the old fixed name, hearth_session', async () => {
    const { client } = await a.signup();
    const token = client.cookie!.split('=')[1]!;
    const res = await a
      .client()
      .get('/api/auth/me', { headers: { cookie: `hearth_session=${token}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('several values of the cookie', () => {
  it('a shadowing cookie with a bad value does not sign you out, over REST or WebSocket', async () => {
    const { user } = await a.signup(); // not used: only to have a second session around
    const jar = new HostJar();
    const signed = await jar.fetch(a.url, '/api/auth/signup', {
      method: 'POST',
      json: signupBody(),
    });
    const me = signed.json as Me;
    expect(me.id).not.toBe(user.id);
    const name = a.server.sessionCookieName;
    // Another service on this host sets our cookie name for a longer Path: the browser sends
    // it first. Token-shaped but unknown, then plainly malformed.
    for (const bad of [unknownToken('Q'), 'not-a-token']) {
      jar.plant(name, bad, '/api');
      expect(jar.header().startsWith(`${name}=${bad}; `)).toBe(true);
      const res = await jar.fetch(a.url, '/api/auth/me');
      expect(res.status).toBe(200);
      expect((res.json as Me).id).toBe(me.id);
      expect(res.setCookie).toEqual([]);
      const live = await connect(a, withCookie(a, jar.header()));
      expect(live.of('hello')[0]?.payload.user.id).toBe(me.id);
    }
  });

  it('20 planted values ahead of the real one do not sign you out, over REST or WebSocket', async () => {
    const jar = new HostJar();
    const signed = await jar.fetch(a.url, '/api/auth/signup', {
      method: 'POST',
      json: signupBody(),
    });
    const me = signed.json as Me;
    const real = jar.header();
    const name = a.server.sessionCookieName;
    // A page on another port of this host sets our name for 20 longer Paths: all sent first.
    for (let i = 0; i < 20; i++) {
      jar.plant(name, unknownToken(String.fromCharCode(65 + i)), `/api/${'x'.repeat(i)}`);
    }
    const header = jar.header();
    expect(header.split('; ')).toHaveLength(21);
    expect(header.endsWith(`; ${real}`)).toBe(true);
    const res = await jar.fetch(a.url, '/api/auth/me');
    expect(res.status).toBe(200);
    expect((res.json as Me).id).toBe(me.id);
    // The real cookie is left alone: no Set-Cookie clearing (or replacing) it.
    expect(res.setCookie).toEqual([]);
    expect(jar.header()).toBe(header);
    const live = await connect(a, withCookie(a, header));
    expect(live.of('hello')[0]?.payload.user.id).toBe(me.id);
    // And signing out of the real session works through the crowd.
    expect((await jar.fetch(a.url, '/api/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await jar.fetch(a.url, '/api/auth/me')).status).toBe(401);
  });

  it('uses the first valid value, whichever position it holds', async () => {
    const first = await a.signup();
    const second = await a.signup();
    const name = a.server.sessionCookieName;
    const tokenOf = (c: TestClient) => c.cookie!.split('=')[1]!;
    const header = [
      `${name}=${unknownToken('R')}`,
      `${name}=${tokenOf(second.client)}`,
      `${name}=${tokenOf(first.client)}`,
    ].join('; ');
    const res = await a.client().get<Me>('/api/auth/me', { headers: { cookie: header } });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(second.user.id);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('clears the cookie only when no value is valid', async () => {
    const name = a.server.sessionCookieName;
    const header = `${name}=${unknownToken('S')}; other=1; ${name}=${unknownToken('T')}`;
    const res = await a.client().get('/api/auth/me', { headers: { cookie: header } });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([
      `${name}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
    ]);
    // Another forum's cookie alone is not ours to clear.
    const foreign = await a.client().get('/api/auth/me', {
      headers: { cookie: `${b.server.sessionCookieName}=${unknownToken('U')}` },
    });
    expect(foreign.status).toBe(401);
    expect(foreign.headers.get('set-cookie')).toBeNull();
  });
});

describe('the cookie name belongs to the data folder', () => {
  it('survives a restart on the same data folder, and signed-in users stay signed in', async () => {
    const first = await startTestServer();
    const { client, user } = await first.signup();
    const name = first.server.sessionCookieName;
    await first.close({ keepData: true });

    const again = await startTestServer({ dataDir: first.dataDir });
    try {
      expect(again.server.sessionCookieName).toBe(name);
      const me = await new TestClient(again.url).get<Me>('/api/auth/me', {
        headers: { cookie: client.cookie! },
      });
      expect(me.status).toBe(200);
      expect(me.json.id).toBe(user.id);
    } finally {
      await again.close();
    }
  });

  it('replaces a hand-edited forum id with a fresh one, with a warning', async () => {
    const first = await startTestServer();
    const name = first.server.sessionCookieName;
    await first.close({ keepData: true });
    const db = openDb(first.server.dbPath);
    db.prepare("UPDATE forum_meta SET value = 'Not; A=Name' WHERE key = 'forum_id'").run();
    db.close();

    const again = await startTestServer({ dataDir: first.dataDir });
    try {
      expect(again.server.sessionCookieName).toMatch(/^hearth_[0-9a-f]{12}$/);
      expect(again.server.sessionCookieName).not.toBe(name);
      expect(
        again.logs.some((l) => l.level === 'warn' && /forum id was malformed/.test(l.message)),
      ).toBe(true);
    } finally {
      await again.close();
    }
  });
});
