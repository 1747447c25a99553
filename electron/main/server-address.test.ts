import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '@common/limits';
import { createForumServer, type ForumServer } from '../../server/index';
import { normalizeServerAddress, testConnection } from './server-address';

describe('normalizeServerAddress', () => {
  it.each([
    ['192.168.1.5:4000', 'http://192.168.1.5:4000'],
    ['  192.168.1.5:4000  ', 'http://192.168.1.5:4000'],
    ['http://192.168.1.5:4000/', 'http://192.168.1.5:4000'],
    ['http://192.168.1.5:4000/#/chat/alice', 'http://192.168.1.5:4000'],
    ['https://forum.example.org', 'https://forum.example.org'],
    ['HTTP://Forum.LAN:80', 'http://forum.lan'],
    ['forum.lan', 'http://forum.lan'],
    ['localhost:4000', 'http://localhost:4000'],
    ['[::1]:4000', 'http://[::1]:4000'],
  ])('%s → %s', (input, url) => {
    expect(normalizeServerAddress(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['', /Enter the address/],
    ['   ', /Enter the address/],
    ['192.168.1.5 4000', /spaces/],
    ['ftp://192.168.1.5', /Only http/],
    ['file:///etc/passwd', /Only http/],
    ['javascript:alert(1)', /Only http/],
    ['192.168.1.5:99999', /not a valid address/],
    ['http://', /not a valid address/],
    ['http://bob:secret@192.168.1.5:4000', /user name and password/],
  ])('%j is refused', (input, message) => {
    const result = normalizeServerAddress(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

/** A real HTTP server that is not Hearth, and one that claims to be a newer Hearth. */
let forum: ForumServer;
let forumDir: string;
let plain: Server;
let newer: Server;
let silent: ReturnType<typeof createTcpServer>;
const silentSockets = new Set<Socket>();
const portOf = (s: { address(): unknown }) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  forumDir = mkdtempSync(join(tmpdir(), 'hearth-join-'));
  forum = await createForumServer({
    dataDir: forumDir,
    host: '127.0.0.1',
    port: 0,
    forumName: 'Kitchen table',
    staticDir: null,
    logLevel: 'error',
  });
  plain = createHttpServer((req, res) => {
    if (req.url === '/api/info') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    } else res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>router admin</h1>');
  });
  newer = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        app: 'hearth',
        name: 'Future',
        version: '9.0.0',
        apiVersion: API_VERSION + 1,
      }),
    );
  });
  // Accepts connections and never answers, like a firewall that drops traffic.
  silent = createTcpServer((socket) => silentSockets.add(socket));
  await Promise.all(
    [plain, newer, silent].map(
      (s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r())),
    ),
  );
});
afterAll(async () => {
  await forum.close();
  rmSync(forumDir, { recursive: true, force: true });
  for (const s of silentSockets) s.destroy();
  await Promise.all([plain, newer, silent].map((s) => new Promise((r) => s.close(r))));
});

describe('testConnection (real sockets)', () => {
  it('accepts a real Hearth server typed as host:port, with its name and version', async () => {
    const result = await testConnection(`127.0.0.1:${forum.port}`);
    expect(result).toEqual({
      ok: true,
      url: `http://127.0.0.1:${forum.port}`,
      info: {
        app: 'hearth',
        name: 'Kitchen table',
        version: expect.any(String),
        apiVersion: API_VERSION,
      },
    });
  });

  it('reports an invalid address without touching the network', async () => {
    expect(await testConnection('ftp://x')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('says unreachable when nothing listens on the port', async () => {
    const probe = createTcpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = portOf(probe);
    await new Promise((r) => probe.close(r));
    const result = await testConnection(`127.0.0.1:${port}`);
    expect(result).toMatchObject({
      ok: false,
      reason: 'unreachable',
      url: `http://127.0.0.1:${port}`,
    });
    if (!result.ok) expect(result.message).toMatch(/nothing is listening on that port/);
  });

  it('says unreachable, with the timeout, when the host never answers', async () => {
    const result = await testConnection(`127.0.0.1:${portOf(silent)}`, { timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
    if (!result.ok) expect(result.message).toMatch(/no answer within/);
  });

  it('says not a Hearth server for another web server', async () => {
    const result = await testConnection(`127.0.0.1:${portOf(plain)}`);
    expect(result).toMatchObject({ ok: false, reason: 'not-hearth' });
    if (!result.ok) expect(result.message).toMatch(/not a Hearth forum/);
  });

  it('says when a Hearth forum refuses the name it was reached by (421 UNKNOWN_HOST)', async () => {
    // A real forum answers 421 to a name it does not serve; fetch cannot choose the Host
    // header, so the answer is replayed here as the server sends it.
    const answer = { error: { code: 'UNKNOWN_HOST', message: 'This forum does not answer…' } };
    const result = await testConnection('desk.example:4000', {
      fetch: () => Promise.resolve(Response.json(answer, { status: 421 })),
    });
    expect(result).toMatchObject({ ok: false, reason: 'name-refused' });
    if (!result.ok) expect(result.message).toMatch(/--allowed-host desk\.example/);
    // Another server's 421 is just not Hearth.
    const other = await testConnection('desk.example:4000', {
      fetch: () => Promise.resolve(new Response('misdirected', { status: 421 })),
    });
    expect(other).toMatchObject({ ok: false, reason: 'not-hearth' });
  });

  it('says incompatible for another API version, naming who should update', async () => {
    const result = await testConnection(`http://127.0.0.1:${portOf(newer)}`);
    expect(result).toMatchObject({ ok: false, reason: 'incompatible', info: { name: 'Future' } });
    if (!result.ok) expect(result.message).toMatch(/newer than this app/);
    const older = await testConnection(`http://127.0.0.1:${portOf(newer)}`, {
      apiVersion: API_VERSION + 5,
    });
    if (!older.ok) expect(older.message).toMatch(/Ask the host to update/);
  });
});
