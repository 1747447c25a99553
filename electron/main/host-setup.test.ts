/**
 * "Host a forum" leads into setup: a new forum's server (server/entry/utility.ts, in a Node
 * child as in server-host.test.ts) reports its setup address, and the app opens its own window
 * on the setup page with the one-time token, which then sets the forum up. Electron is
 * replaced by a fake window; the server, its database and the token are real.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ForumState } from '@common/api';
import { createDesktopApp, type DesktopApp } from './desktop-app';
import { setupRoute } from './hosting';
import { createServerHost, type ForkHost } from './server-host';
import { openServersStore } from './servers.store';
import { openSettingsStore } from './settings.store';
import type { AppWindow } from './window-router';

const ENTRY = resolve(import.meta.dirname, '../../server/entry/utility.ts');
const TOKEN = 'Ab3_-Zx9Ab3_-Zx9Ab3_-Zx9Ab3_-Zx9';

describe('setupRoute', () => {
  it.each<[string | undefined, string | null]>([
    [`http://127.0.0.1:4000/#/setup?token=${TOKEN}`, `#/setup?token=${TOKEN}`],
    [`http://0.0.0.0:4000/#/setup?token=${TOKEN}`, `#/setup?token=${TOKEN}`],
    [undefined, null],
    ['', null],
    ['not a url', null],
    ['http://127.0.0.1:4000/#/setup?token=short', null],
    [`http://127.0.0.1:4000/#/setup?token=${TOKEN}&next=evil`, null],
    [`http://127.0.0.1:4000/#/chat/bob`, null],
  ])('%s → %s', (url, route) => {
    expect(setupRoute(url)).toBe(route);
  });
});

class FakeWindow implements AppWindow {
  url = '';
  loads: string[] = [];
  webContents = { id: 1, getURL: () => this.url, send: () => undefined };
  async loadURL(url: string) {
    this.loads.push(url);
    this.url = url;
  }
  show() {}
  focus() {}
  hide() {}
  restore() {}
  isMinimized = () => false;
  isVisible = () => true;
  isFocused = () => true;
  isDestroyed = () => false;
}

let dir: string;
let app: DesktopApp | null = null;
const children: ChildProcess[] = [];

/** utilityProcess stand-in; the child runs in the default setup mode (a one-time token). */
const nodeFork: ForkHost = (log) => {
  const env = { ...process.env };
  delete env.HEARTH_SETUP; // vitest.config.ts sets first-signup for the other tests
  const proc = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.push(proc);
  const pipe = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) log(line);
  };
  proc.stdout?.on('data', pipe);
  proc.stderr?.on('data', pipe);
  return {
    postMessage: (m) => void (proc.connected && proc.send(m)),
    onMessage: (l) => proc.on('message', l),
    onExit: (l) => proc.on('exit', (code) => l(code)),
    kill: () => proc.kill('SIGKILL'),
  };
};

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-host-setup-'));
});
afterEach(async () => {
  await app?.shutdown();
  app = null;
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('Host a forum → setup', () => {
  it('opens the new forum on its setup page with the token, and only until it is set up', async () => {
    const logLines: string[] = [];
    const host = createServerHost({
      fork: nodeFork,
      logPath: join(dir, 'server.log'),
      appendLog: (l) => logLines.push(l),
      readyTimeoutMs: 30_000,
    });
    app = createDesktopApp({
      version: '0.1.0',
      launcherUrl: 'file:///app/out/renderer/launcher.html',
      defaultDataDir: join(dir, 'forum'),
      nativeBinding: undefined,
      servers: openServersStore(dir, () => {}),
      settings: openSettingsStore(dir, () => {}),
      host,
      networkInterfaces: () => ({}),
      trayShown: () => true,
      showNotice: vi.fn(),
      setStartAtLogin: vi.fn(),
      quit: vi.fn(),
      log: () => {},
      now: () => new Date(),
    });
    const win = new FakeWindow();
    app.router.attach(win, { update: vi.fn(), state: vi.fn(), destroy: vi.fn() } as never, {
      notify: vi.fn(),
      clear: vi.fn(),
    });
    const port = await freePort();
    const request = {
      forumName: 'Chess club',
      port,
      dataDir: join(dir, 'forum'),
      lanVisible: false,
    };

    const result = await app.launcher.host(request);
    expect(result).toEqual({ ok: true, url: `http://127.0.0.1:${port}` });
    const opened = win.loads.at(-1) ?? '';
    const match = /^http:\/\/127\.0\.0\.1:(\d+)\/#\/setup\?token=([A-Za-z0-9_-]+)$/.exec(opened);
    expect(match, opened).not.toBeNull();
    expect(Number(match![1])).toBe(port);
    // The token is never written to the host log.
    expect(logLines.join('\n')).not.toContain(match![2]);

    const base = `http://127.0.0.1:${port}`;
    expect(((await (await fetch(`${base}/api/forum`)).json()) as ForumState).setupRequired).toBe(
      true,
    );
    const setup = await fetch(`${base}/api/forum/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: match![2],
        forum: { name: 'Chess club', description: '' },
        template: 'club',
        owner: {
          nickname: 'founder',
          email: 'founder@example.com',
          password: 'correct horse battery',
          firstName: 'Ada',
          lastName: 'Lovelace',
          age: 36,
          gender: 'female',
        },
      }),
    });
    expect(setup.status).toBe(201);

    // Reopened once it is set up (a restart of the server): the feed, no setup page.
    await app.launcher.stopHosting();
    await app.launcher.host(request);
    expect(win.loads.at(-1)).toBe(`${base}/`);
  });
});
