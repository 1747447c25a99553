/**
 * Test helpers: a real forum server on port 0 with a temp data folder, a controllable
 * clock, captured logs, and a tiny fetch client with a one-cookie jar (like a browser).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Me, SignupRequest } from '../../common/api';
import type { ApiErrorBody } from '../../common/errors';
import type { ForumServerOptions } from '../config/server-config';
import { createForumServer, type ForumServer } from '../forum-server';
import type { LogRecord } from '../logging/logger';

export class TestClock {
  constructor(public now = Date.parse('2025-03-01T12:00:00.000Z')) {}
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface TestServer {
  server: ForumServer;
  url: string;
  dataDir: string;
  clock: TestClock;
  logs: LogRecord[];
  client(): TestClient;
  /**
   * Signs up a fresh user (unique nickname) and returns a client holding its session. On a
   * new forum the first one becomes its owner.
   */
  signup(overrides?: Partial<SignupRequest>): Promise<{ client: TestClient; user: Me }>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

let counter = 0;
export function uniqueNickname(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}_${counter}`;
}

export function signupBody(overrides: Partial<SignupRequest> = {}): SignupRequest {
  const nickname = overrides.nickname ?? uniqueNickname();
  return {
    nickname,
    email: `${nickname.toLowerCase()}@example.com`,
    password: 'correct horse battery',
    firstName: 'Test',
    lastName: 'User',
    age: 30,
    gender: 'other',
    ...overrides,
  };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'hearth-test-'));
}

export async function startTestServer(options: ForumServerOptions = {}): Promise<TestServer> {
  const clock = new TestClock();
  const logs: LogRecord[] = [];
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await createForumServer({
    host: '127.0.0.1',
    port: 0,
    bcryptCost: 4,
    hashWorkers: 1,
    rateLimit: false,
    staticDir: null,
    clock: clock.read,
    logLevel: 'debug',
    logSink: (r) => logs.push(r),
    // The first sign-up owns the forum (and keeps id 1), as before setup existed; setup
    // tests pass `setup: 'token'` and go through POST /api/forum/setup.
    setup: 'first-signup',
    // HEARTH_TEST_HTTPS=1 runs a test file against the HTTPS host (and wss), unchanged.
    ...(process.env.HEARTH_TEST_HTTPS === '1' ? { https: true } : {}),
    ...options,
    dataDir,
  });
  if (server.certificate) trustForTests(readFileSync(server.certificate.certPath, 'utf8'));
  const client = () => new TestClient(server.url);
  return {
    server,
    url: server.url,
    dataDir,
    clock,
    logs,
    client,
    async signup(overrides = {}) {
      const c = client();
      const res = await c.post('/api/auth/signup', signupBody(overrides));
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
      return { client: c, user: res.json as Me };
    },
    async close({ keepData = false } = {}) {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Makes this process's fetch and ws trust a test host's self-signed certificate (added to
 * the default CA list, as a person trusting it in their browser would), and nothing else.
 */
const trustedForTests = new Set<string>();
export function trustForTests(certPem: string): void {
  // `getCACertificates('default')` is Node's own list, not what was set: keep ours.
  trustedForTests.add(certPem);
  setDefaultCACertificates([...getCACertificates('default'), ...trustedForTests]);
}

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface RequestOptions {
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** fetch plus a one-cookie jar (the forum's session cookie), updated from Set-Cookie. */
export class TestClient {
  cookie: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie && !('cookie' in headers)) headers.cookie = this.cookie;
    let body: string | Uint8Array | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = /Max-Age=0/i.test(setCookie) || pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (the UI page, or a test of a non-JSON answer): assertions use `text`.
    }
    return { status: res.status, headers: res.headers, text, json: json as T };
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }

  post<T = unknown>(path: string, json?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, json === undefined ? options : { ...options, json });
  }
}

/** The error envelope of a response, for assertions. */
export function errorOf(res: TestResponse): ApiErrorBody['error'] {
  const body = res.json as ApiErrorBody | undefined;
  if (!body?.error) throw new Error(`expected an error body, got ${res.status} ${res.text}`);
  return body.error;
}
