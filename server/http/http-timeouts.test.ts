/**
 * Slow or stalled HTTP clients are cut within the configured timeouts (small here, seconds
 * by default), on a real server with raw sockets: half a request head, a body that stops
 * short, an idle keep-alive connection. A WebSocket, once upgraded, is not cut by them.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpServerTimeouts } from '../config/http-timeouts';
import { ConfigError, resolveServerConfig } from '../config/server-config';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

const HEADERS_MS = 300;
const REQUEST_MS = 600;
const KEEP_ALIVE_MS = 200;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    http: {
      headersTimeoutMs: HEADERS_MS,
      requestTimeoutMs: REQUEST_MS,
      keepAliveTimeoutMs: KEEP_ALIVE_MS,
    },
  });
});
afterAll(async () => {
  await closeAllClients();
  await t.close();
});

/** Opens a raw connection, writes `text`, and reports what came back and when it closed. */
function rawSocket(
  text: string,
): Promise<{ socket: Socket; closed: Promise<{ afterMs: number; answer: string }> }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(port), hostname, () => {
      const start = Date.now();
      let answer = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (answer += chunk));
      const closed = new Promise<{ afterMs: number; answer: string }>((done) =>
        socket.on('close', () => done({ afterMs: Date.now() - start, answer })),
      );
      socket.write(text);
      resolve({ socket, closed });
    });
    socket.on('error', reject);
  });
}

describe('HTTP timeouts', () => {
  it('cuts a request whose head never completes, with 408, within the head timeout', async () => {
    const { host } = new URL(t.url);
    const { closed } = await rawSocket(`GET /api/info HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
    const { afterMs, answer } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(afterMs).toBeLessThan(HEADERS_MS + 700);
  });

  it('cuts a request whose body stops short, within the request timeout', async () => {
    const { host } = new URL(t.url);
    const { closed } = await rawSocket(
      `POST /api/auth/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
        'Content-Length: 100\r\n\r\n{"login":',
    );
    const { afterMs, answer } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(afterMs).toBeLessThan(REQUEST_MS + 700);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { host } = new URL(t.url);
    const { closed } = await rawSocket(`GET /api/info HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    const { afterMs, answer } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/Keep-Alive: timeout=0/i);
    // Node (20.20) waits a fixed extra second past keepAliveTimeout before closing.
    expect(afterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 50);
    expect(afterMs).toBeLessThan(KEEP_ALIVE_MS + 1000 + 700);
  });

  it('leaves an upgraded WebSocket open past every timeout', async () => {
    const { client } = await t.signup();
    const live = await connect(t, client);
    await new Promise((r) => setTimeout(r, REQUEST_MS + 600));
    expect(live.isOpen).toBe(true);
  });
});

describe('HTTP timeout config', () => {
  it('defaults to seconds, not Node’s minutes, and checks expiry often', () => {
    const { http } = resolveServerConfig({ dataDir: '/tmp/x' }, {});
    expect(http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
    });
    expect(httpServerTimeouts(http)).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1000,
    });
    expect(httpServerTimeouts({ ...http, headersTimeoutMs: 300 }).connectionsCheckingInterval).toBe(
      75,
    );
  });

  it('refuses a head timeout above the request timeout, and bad values', () => {
    const at = (http: object) => () => resolveServerConfig({ dataDir: '/tmp/x', http }, {});
    expect(at({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).toThrow(ConfigError);
    expect(at({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).toThrow(
      /must not exceed requestTimeoutMs/,
    );
    expect(at({ keepAliveTimeoutMs: 0 })).toThrow(/Invalid server option http\.keepAliveTimeoutMs/);
    expect(at({ requestTimeout: 5 })).toThrow(ConfigError);
  });
});
