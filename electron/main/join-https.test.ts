/**
 * The launcher joining a forum over HTTPS through the desktop app's real model: the trust
 * prompt first (nothing saved or opened), "Trust" pins and opens, a later visit goes straight
 * in, and another certificate at the same address is refused with both fingerprints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createForumServer, type ForumServer } from '../../server/index';
import { createDesktopApp, type DesktopApp } from './desktop-app';
import { FakeHost } from './server-host.fake';
import { openServersStore, type ServersStore } from './servers.store';
import { openSettingsStore } from './settings.store';
import type { AppWindow } from './window-router';

const dirs: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};

function fakeWindow(): AppWindow & { loads: string[] } {
  const loads: string[] = [];
  let url = '';
  return {
    loads,
    webContents: { id: 1, getURL: () => url, send: () => {} },
    loadURL: async (u: string) => {
      loads.push(u);
      url = u;
    },
    show: () => {},
    focus: () => {},
    hide: () => {},
    restore: () => {},
    isMinimized: () => false,
    isVisible: () => true,
    isFocused: () => true,
    isDestroyed: () => false,
  } as unknown as AppWindow & { loads: string[] };
}

let forum: ForumServer;
let forumDir: string;
beforeAll(async () => {
  forumDir = tempDir('hearth-join-tls-');
  forum = await startHttps(forumDir, 0);
});
afterAll(async () => {
  await forum.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function startHttps(dataDir: string, port: number): Promise<ForumServer> {
  return createForumServer({
    dataDir,
    host: '127.0.0.1',
    port,
    forumName: 'Garden club',
    staticDir: null,
    logLevel: 'error',
    https: true,
  });
}

function app(): { app: DesktopApp; servers: ServersStore; win: ReturnType<typeof fakeWindow> } {
  const dir = tempDir('hearth-join-app-');
  const servers = openServersStore(dir, () => {});
  const a = createDesktopApp({
    version: '0.1.0',
    launcherUrl: 'file:///app/out/renderer/launcher.html',
    defaultDataDir: join(dir, 'forum'),
    nativeBinding: undefined,
    servers,
    settings: openSettingsStore(dir, () => {}),
    host: new FakeHost(),
    networkInterfaces: () => ({}),
    trayShown: () => true,
    showNotice: vi.fn(),
    setStartAtLogin: vi.fn(),
    quit: vi.fn(),
    log: () => {},
    now: () => new Date(),
  });
  const win = fakeWindow();
  a.router.attach(win, { update: vi.fn(), state: vi.fn(), destroy: vi.fn() } as never, {
    notify: vi.fn(),
    clear: vi.fn(),
  });
  return { app: a, servers, win };
}

describe('joining over HTTPS from the launcher', () => {
  it('asks first, pins on trust, goes straight in next time, refuses another certificate', async () => {
    const { app: a, servers, win } = app();
    const url = forum.url;
    const pin = forum.certificate!.sha256;

    const asked = await a.launcher.join(url);
    expect(asked).toMatchObject({ ok: false, reason: 'untrusted', fingerprint: pin });
    expect(servers.list()).toEqual([]);
    expect(win.loads).toEqual([]);

    expect((await a.launcher.trustAndJoin(url, pin)).ok).toBe(true);
    expect(servers.last()).toMatchObject({ kind: 'joined', name: 'Garden club', fingerprint: pin });
    expect(win.loads.at(-1)).toBe(`${url}/`);

    expect((await a.launcher.join(url)).ok).toBe(true);

    // Trusting a fingerprint the forum does not present never joins.
    expect(await a.launcher.trustAndJoin(url, 'f'.repeat(64))).toMatchObject({
      ok: false,
      reason: 'certificate-changed',
    });

    // The same address, a new data folder (a new certificate): refused, pin kept.
    const port = forum.port;
    await forum.close();
    forum = await startHttps(tempDir('hearth-join-tls2-'), port);
    const refused = await a.launcher.join(url);
    expect(refused).toMatchObject({
      ok: false,
      reason: 'certificate-changed',
      pinned: pin,
      presented: forum.certificate!.sha256,
    });
    expect(servers.last()).toMatchObject({ fingerprint: pin });
  });
});
