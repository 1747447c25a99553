/**
 * For renderer state tests that run the real forum server (the library itself, not
 * server/test/harness, which is Node-only code checked without the DOM library): one server
 * per test file on port 0 with a temp data folder, cleanup callbacks run after each test
 * (with stubbed globals undone), and the server closed and its folder removed at the end.
 * vitest.config.ts makes the first sign-up own the forum.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import type { Me } from '@common/api';
import { createForumServer, type ForumServer } from '../../../server/index';
import { SocketClient, type WebSocketLike } from '../lib/socket';

const realFetch = globalThis.fetch;

/** A signed-in person's requests to the real server, by cookie. */
export class ForumClient {
  constructor(
    readonly cookie: string,
    private readonly base: () => string,
  ) {}
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await realFetch(`${this.base()}${path}`, {
      method,
      headers: { cookie: this.cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Polls `cond` until true; fails with `what` after `ms`. */
export async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface RealForum {
  /** The running server (from beforeAll on). */
  readonly server: ForumServer;
  /** Run after each test, then emptied. */
  readonly cleanup: (() => void)[];
  /** Signs up a fresh person (the file's first one owns the forum). */
  signup(): Promise<{ client: ForumClient; user: Me }>;
  /** The UI's same-origin `/api/…` requests go to the real server with this person's cookie. */
  sameOriginFetch(client: ForumClient): void;
  /** A connected SocketClient for this person, closed after the test. */
  socketFor(client: ForumClient): SocketClient;
}

/** Registers the hooks; call once at the top of a test file. */
export function useRealForum(name: string): RealForum {
  let srv: ForumServer | undefined;
  let dataDir = '';
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `hearth-${name}-`));
    srv = await createForumServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      bcryptCost: 4,
      rateLimit: false,
      staticDir: null,
      logLevel: 'warn',
    });
  });
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
    vi.unstubAllGlobals();
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const server = (): ForumServer => {
    if (!srv) throw new Error('the forum server starts in beforeAll');
    return srv;
  };
  const base = () => server().url;
  let seq = 0;
  return {
    get server(): ForumServer {
      return server();
    },
    cleanup,
    async signup() {
      const nickname = `${name.replace(/[^a-z]/g, '').slice(0, 6)}${process.pid % 1000}_${++seq}`;
      const res = await realFetch(`${base()}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          nickname,
          email: `${nickname}@example.com`,
          password: 'correct horse battery',
          firstName: 'Live',
          lastName: 'Tester',
          age: 30,
          gender: 'other',
        }),
      });
      if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      return { client: new ForumClient(cookie, base), user: (await res.json()) as Me };
    },
    sameOriginFetch(client) {
      vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) =>
        url.startsWith('/')
          ? realFetch(`${base()}${url}`, {
              ...init,
              headers: { ...(init.headers as Record<string, string>), cookie: client.cookie },
            })
          : realFetch(url, init),
      );
    },
    socketFor(client) {
      const socket = new SocketClient({
        url: `${base().replace(/^http/, 'ws')}/ws`,
        createSocket: (url) =>
          new WebSocket(url, {
            headers: { cookie: client.cookie, origin: base() },
          }) as unknown as WebSocketLike,
      });
      cleanup.push(() => socket.close());
      socket.connect();
      return socket;
    },
  };
}
