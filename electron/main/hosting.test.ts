/** Hosting with a stand-in server host and real sockets for the port checks. */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopInfo, Hosting, trayHosting } from './hosting';
import { FakeHost } from './server-host.fake';

let dir: string;
let servers: Server[] = [];

async function listen(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: '127.0.0.1', port: 0, exclusive: true }, r));
  servers.push(s);
  return (s.address() as AddressInfo).port;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-hosting-'));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('Hosting.checkPort', () => {
  it('does not report the port of the forum this app hosts as busy', async () => {
    const host = new FakeHost();
    const hosting = new Hosting({ host, networkInterfaces: () => ({}), nativeBinding: undefined });
    const port = await listen();
    await new Promise((r) => servers.pop()?.close(r));
    const config = { forumName: 'Home', port, dataDir: join(dir, 'f'), lanVisible: false };
    expect(await hosting.start(config)).toEqual({ ok: true, url: `http://127.0.0.1:${port}` });
    // Our running server now holds the port (the fake host does not listen, so a real
    // socket stands in for it).
    const holder = createServer();
    await new Promise<void>((r) => holder.listen({ host: '127.0.0.1', port, exclusive: true }, r));
    servers.push(holder);

    expect(await hosting.checkPort(port, false)).toEqual({ free: true });
    // Opening the same forum again does not restart the server or refuse the port.
    expect(await hosting.start(config)).toEqual({ ok: true, url: `http://127.0.0.1:${port}` });
    expect(host.starts).toHaveLength(1);
    // Another program's port is busy, with a suggestion.
    const other = await listen();
    expect(await hosting.checkPort(other, false)).toMatchObject({ free: false });
    // Once our server is stopped, its port is judged like any other.
    await hosting.stop();
    expect(await hosting.checkPort(port, false)).toMatchObject({ free: false });
  });
});

describe('host status views', () => {
  it('the tray line and the forum page info follow the status', () => {
    const running = {
      state: 'running' as const,
      url: 'http://127.0.0.1:4000',
      addresses: ['http://192.168.1.20:4000'],
      lanVisible: true,
      online: 2,
    };
    expect(trayHosting(running)).toEqual({
      state: 'running',
      address: 'http://192.168.1.20:4000',
      online: 2,
    });
    expect(trayHosting({ state: 'stopped' })).toBeNull();
    expect(trayHosting({ state: 'failed', message: 'x', logPath: '/l' })).toEqual({
      state: 'failed',
    });
    expect(desktopInfo('1.0.0', running)).toEqual({
      version: '1.0.0',
      hosting: { addresses: ['http://192.168.1.20:4000'], lanVisible: true },
    });
    expect(desktopInfo('1.0.0', { state: 'starting' }).hosting).toBeNull();
  });
});

describe('hosting over HTTPS', () => {
  it('starts the server with HTTPS and the plain port, pins its certificate for its own window only', async () => {
    const host = new FakeHost();
    const fingerprint = 'ab'.repeat(32);
    host.result = (c) => ({ ok: true, url: `https://127.0.0.1:${c.port}`, port: c.port });
    const hosting = new Hosting({ host, networkInterfaces: () => ({}), nativeBinding: undefined });
    const port = await listen();
    const httpPort = await listen();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const config = {
      forumName: 'Home',
      port,
      dataDir: join(dir, 'f'),
      lanVisible: true,
      https: true,
      httpPort,
    };
    expect(await hosting.start(config)).toEqual({ ok: true, url: `https://127.0.0.1:${port}` });
    expect(host.starts).toEqual([
      { dataDir: join(dir, 'f'), host: '0.0.0.0', port, forumName: 'Home', https: true, httpPort },
    ]);
    expect(hosting.pinsFor('127.0.0.1')).toEqual([]);
    host.emit({
      state: 'running',
      url: `https://127.0.0.1:${port}`,
      port,
      online: 0,
      fingerprint,
      plainPort: httpPort,
    });
    expect(hosting.pinsFor('127.0.0.1')).toEqual([fingerprint]);
    expect(hosting.pinsFor('localhost')).toEqual([fingerprint]);
    // Anyone else's name is not this forum's window: its pins come from the saved forums.
    expect(hosting.pinsFor('192.168.1.20')).toEqual([]);
    const status = hosting.status();
    expect(status).toMatchObject({
      state: 'running',
      url: `https://127.0.0.1:${port}`,
      https: true,
    });
  });

  it('an HTTP forum starts as before (no https, no plain port), and a busy plain port is refused', async () => {
    const host = new FakeHost();
    const hosting = new Hosting({ host, networkInterfaces: () => ({}), nativeBinding: undefined });
    const port = await listen();
    const busy = await listen();
    await new Promise((r) => servers.shift()?.close(r));
    // The plain port only means something with HTTPS: ignored without it.
    const plain = {
      forumName: 'Home',
      port,
      dataDir: join(dir, 'f'),
      lanVisible: false,
      httpPort: busy,
    };
    expect(await hosting.start(plain)).toEqual({ ok: true, url: `http://127.0.0.1:${port}` });
    expect(host.starts.at(-1)).toEqual({
      dataDir: join(dir, 'f'),
      host: '127.0.0.1',
      port,
      forumName: 'Home',
    });
    await hosting.stop();
    const refused = await hosting.start({ ...plain, https: true });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID' });
    if (!refused.ok)
      expect(refused.message).toMatch(
        new RegExp(`Port ${busy} \\(plain HTTP for old devices\\) is already in use`),
      );
    expect(host.starts).toHaveLength(1);
  });
});
