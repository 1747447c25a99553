/**
 * The app's behaviour with Electron replaced by plain fakes: real stores in a temp folder,
 * real sockets for port checks and "join", a real forum server to join, and a stand-in
 * server host (its own lifecycle is covered in server-host.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostStartConfig } from '@common/host-protocol';
import { createForumServer, type ForumServer } from '../../server/index';
import { DESKTOP_CHANNELS, LAUNCHER_CHANNELS } from '../ipc-channels';
import { AppController, type AppDeps, type AppWindow } from './app-controller';
import type { HostState, ServerHost, StartResult } from './server-host';
import { openServersStore } from './servers.store';
import { openSettingsStore } from './settings.store';
import { FakeQuitApp } from './quit-app.fake';
import { shutdownOnQuit } from './shutdown-on-quit';
import { claimSingleInstance } from './single-instance';
import { createTrayController } from './tray';
import { fakeTrayActions, fakeTrayDeps } from './tray.fake';

const LAUNCHER = 'file:///app/out/renderer/launcher.html';

class FakeWindow implements AppWindow {
  url = '';
  visible = false;
  focused = false;
  minimized = false;
  sent: Array<[string, unknown]> = [];
  loads: string[] = [];
  webContents = {
    id: 1,
    getURL: () => this.url,
    send: (channel: string, arg: unknown) => void this.sent.push([channel, arg]),
  };
  async loadURL(url: string) {
    this.loads.push(url);
    this.url = url;
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized = () => this.minimized;
  isVisible = () => this.visible;
  isFocused = () => this.focused;
  isDestroyed = () => false;
}

class FakeHost implements ServerHost {
  current: HostState = { state: 'stopped' };
  starts: HostStartConfig[] = [];
  result: (config: HostStartConfig) => StartResult = (c) => ({
    ok: true,
    url: `http://127.0.0.1:${c.port}`,
    port: c.port,
  });
  private listeners = new Set<(s: HostState) => void>();
  private cfg: HostStartConfig | null = null;
  async start(config: HostStartConfig) {
    this.starts.push(config);
    this.cfg = config;
    const r = this.result(config);
    this.emit(
      r.ok ? { state: 'running', url: r.url, port: r.port, online: null } : { state: 'stopped' },
    );
    return r;
  }
  /** Calls to stop(), and what a stop waits for before the server is down. */
  stops = 0;
  stopGate: Promise<void> = Promise.resolve();
  async stop() {
    this.stops++;
    this.cfg = null;
    if (this.current.state !== 'stopped') this.emit({ state: 'stopping' });
    await this.stopGate;
    this.emit({ state: 'stopped' });
  }
  state = () => this.current;
  config = () => this.cfg;
  onState(l: (s: HostState) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(s: HostState) {
    this.current = s;
    for (const l of this.listeners) l(s);
  }
}

let dir: string;
let win: FakeWindow;
let host: FakeHost;
let deps: AppDeps;
let forum: ForumServer;
let forumDir: string;
let fakes: {
  tray: { update: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn> };
  notifier: { clear: ReturnType<typeof vi.fn> };
};

function controller(over: Partial<AppDeps> = {}): AppController {
  deps = {
    version: '0.1.0',
    platform: 'linux',
    launcherUrl: LAUNCHER,
    logPath: join(dir, 'logs', 'server.log'),
    defaultDataDir: join(dir, 'forum'),
    nativeBinding: undefined,
    servers: openServersStore(dir, () => {}),
    settings: openSettingsStore(dir, () => {}),
    host,
    networkInterfaces: () => ({}),
    openExternal: vi.fn(),
    showItemInFolder: vi.fn(),
    copyText: vi.fn(),
    pickFolder: async () => null,
    showNotice: vi.fn(),
    setStartAtLogin: vi.fn(),
    startAtLoginSupported: false,
    quit: vi.fn(),
    log: () => {},
    now: () => new Date(),
    ...over,
  };
  const app = new AppController(deps);
  const notifier = { notify: vi.fn(), clear: vi.fn(), liveCount: () => 0 };
  const tray = { update: vi.fn(), state: vi.fn(), destroy: vi.fn() };
  app.attach(win, tray as never, notifier as never);
  fakes = { tray, notifier };
  return app;
}

async function busyPort(): Promise<Server> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return s;
}

beforeAll(async () => {
  forumDir = mkdtempSync(join(tmpdir(), 'hearth-ctl-forum-'));
  forum = await createForumServer({
    dataDir: forumDir,
    host: '127.0.0.1',
    port: 0,
    forumName: 'Book club',
    staticDir: null,
    logLevel: 'error',
  });
});
afterAll(async () => {
  await forum.close();
  rmSync(forumDir, { recursive: true, force: true });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-ctl-'));
  win = new FakeWindow();
  host = new FakeHost();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('AppController', () => {
  it('starts on the launcher when nothing was used before', async () => {
    const app = controller();
    await app.startup();
    expect(win.loads).toEqual([LAUNCHER]);
    expect(win.visible).toBe(true);
    expect(app.forumOrigin()).toBeNull();
    expect(app.launcherState().hostDefaults).toEqual({
      forumName: 'Our forum',
      port: 4000,
      dataDir: join(dir, 'forum'),
      lanVisible: null,
    });
  });

  it('refuses a busy port with the next free one, without starting the server', async () => {
    const busy = await busyPort();
    const port = (busy.address() as AddressInfo).port;
    try {
      const app = controller();
      const result = await app.host({
        forumName: 'Home',
        port,
        dataDir: join(dir, 'f'),
        lanVisible: false,
      });
      expect(result).toMatchObject({ ok: false, code: 'PORT_IN_USE' });
      if (!result.ok && result.code === 'PORT_IN_USE')
        expect(result.suggestion).toBeGreaterThan(port);
      expect(host.starts).toEqual([]);
      expect(deps.servers.list()).toEqual([]);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it('hosts on the chosen interface, saves it and opens the forum window', async () => {
    const probe = await busyPort();
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const app = controller();
    const result = await app.host({
      forumName: ' Home ',
      port,
      dataDir: join(dir, 'f'),
      lanVisible: true,
    });
    expect(result).toEqual({ ok: true, url: `http://127.0.0.1:${port}` });
    expect(host.starts).toEqual([
      { dataDir: join(dir, 'f'), host: '0.0.0.0', port, forumName: 'Home' },
    ]);
    expect(win.loads.at(-1)).toBe(`http://127.0.0.1:${port}/`);
    expect(app.forumOrigin()).toBe(`http://127.0.0.1:${port}`);
    expect(deps.servers.last()).toMatchObject({
      kind: 'hosted',
      name: 'Home',
      host: { lanVisible: true },
    });
    expect(app.info().hosting).toEqual({ addresses: [], lanVisible: true });
  });

  it('joins a real Hearth server by host:port and saves it under its name', async () => {
    const app = controller();
    const result = await app.join(`127.0.0.1:${forum.port}`);
    expect(result.ok).toBe(true);
    expect(win.loads.at(-1)).toBe(`http://127.0.0.1:${forum.port}/`);
    expect(deps.servers.last()).toMatchObject({
      kind: 'joined',
      name: 'Book club',
      url: `http://127.0.0.1:${forum.port}`,
    });
  });

  it('does not save or navigate when joining fails', async () => {
    const app = controller();
    await app.showLauncher();
    expect(await app.join('ftp://nope')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(win.loads).toEqual([LAUNCHER]);
    expect(deps.servers.list()).toEqual([]);
  });

  it('reopens the last forum at start, or says why on the launcher', async () => {
    const first = controller();
    await first.join(`127.0.0.1:${forum.port}`);
    win = new FakeWindow();
    const again = controller();
    await again.startup();
    expect(win.loads).toEqual([`http://127.0.0.1:${forum.port}/`]);

    // Now the saved forum is gone.
    const probe = await busyPort();
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    deps.servers.touch({ kind: 'joined', name: 'Gone', url: `http://127.0.0.1:${deadPort}` });
    win = new FakeWindow();
    const third = controller();
    await third.startup();
    expect(win.loads).toEqual([LAUNCHER]);
    expect(third.launcherState().notices[0]).toMatch(/^Could not reopen "Gone": Could not reach/);
  });

  it('a hidden start (at login) opens the last forum without showing the window', async () => {
    const first = controller();
    await first.join(`127.0.0.1:${forum.port}`);
    win = new FakeWindow();
    const app = controller({ startHidden: true });
    await app.startup();
    expect(win.loads).toEqual([`http://127.0.0.1:${forum.port}/`]);
    expect(win.visible).toBe(false);
    app.openRoute('#/chat/bob');
    expect(win.visible).toBe(true);
  });

  it('hides to the tray on close, saying so once; quits when that is turned off', async () => {
    const app = controller();
    await app.showLauncher();
    const first = { preventDefault: vi.fn() };
    app.onWindowClose(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(win.visible).toBe(false);
    expect(deps.showNotice).toHaveBeenCalledOnce();
    app.onWindowClose({ preventDefault: vi.fn() });
    expect(deps.showNotice).toHaveBeenCalledOnce();
    app.applySettings({ closeToTray: false });
    const last = { preventDefault: vi.fn() };
    app.onWindowClose(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
    expect(deps.quit).toHaveBeenCalled();
  });

  it('a notification click shows the window and navigates only the forum page', async () => {
    const app = controller();
    await app.showLauncher();
    win.hide();
    app.openRoute('#/chat/bob');
    expect(win.visible).toBe(true);
    expect(win.sent.filter(([c]) => c === DESKTOP_CHANNELS.navigate)).toEqual([]);
    await app.join(`127.0.0.1:${forum.port}`);
    app.openRoute('#/chat/bob');
    app.openRoute('javascript:alert(1)');
    expect(win.sent.filter(([c]) => c === DESKTOP_CHANNELS.navigate)).toEqual([
      [DESKTOP_CHANNELS.navigate, '#/chat/bob'],
    ]);
  });

  it('reads the visible route from the forum window for the notification policy', async () => {
    const app = controller();
    await app.join(`127.0.0.1:${forum.port}`);
    win.url = `http://127.0.0.1:${forum.port}/#/chat/alice`;
    expect(app.policyInput().window).toEqual({
      focused: true,
      visible: true,
      route: '#/chat/alice',
    });
    win.hide();
    expect(app.policyInput().window).toMatchObject({ focused: false, visible: false });
  });

  it('leaves a hosted forum whose server gave up for the error screen, and tells the launcher', async () => {
    const probe = await busyPort();
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const app = controller();
    await app.host({ forumName: 'Home', port, dataDir: join(dir, 'f'), lanVisible: false });
    host.emit({ state: 'failed', message: 'stopped 3 times', logPath: '/logs/server.log' });
    await vi.waitFor(() => expect(win.loads.at(-1)).toBe(LAUNCHER));
    expect(app.launcherState().hostStatus).toEqual({
      state: 'failed',
      message: 'stopped 3 times',
      logPath: '/logs/server.log',
    });
    host.emit({ state: 'restarting', attempt: 1, inMs: 1000, lastError: 'x' });
    expect(win.sent.some(([c]) => c === LAUNCHER_CHANNELS.hostStatus)).toBe(true);
  });

  it('resets the unread badge when the window leaves a forum', async () => {
    const app = controller();
    await app.join(`127.0.0.1:${forum.port}`);
    app.setUnread(3);
    expect(app.unreadCount()).toBe(3);
    app.switchForum();
    await vi.waitFor(() => expect(win.loads.at(-1)).toBe(LAUNCHER));
    expect(app.unreadCount()).toBe(0);
  });
});

async function freePort(): Promise<number> {
  const probe = await busyPort();
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('AppController and the tray', () => {
  it('the tray says where the forum is hosted and how many are online, as the server reports it', async () => {
    const app = controller({
      networkInterfaces: () => ({
        eth0: [
          {
            address: '192.168.1.20',
            netmask: '255.255.255.0',
            family: 'IPv4',
            mac: '00:00:00:00:00:00',
            internal: false,
            cidr: '192.168.1.20/24',
          },
        ],
      }),
    });
    const trayDeps = fakeTrayDeps('linux');
    const tray = createTrayController(trayDeps, fakeTrayActions(), {
      hosting: null,
      dnd: false,
      quietHours: null,
      closeToTray: true,
      startAtLogin: false,
      startAtLoginSupported: false,
      unread: 0,
    });
    app.attach(win, tray, { notify: vi.fn(), clear: vi.fn(), liveCount: () => 0 } as never);
    const hostingLabel = () =>
      trayDeps
        .tray()
        .menu()
        .find((i) => i.id === 'hosting')?.label;

    const port = await freePort();
    await app.host({ forumName: 'Home', port, dataDir: join(dir, 'f'), lanVisible: true });
    const address = `http://192.168.1.20:${port}`;
    // Until the server reports a count, the line has none.
    expect(hostingLabel()).toBe(`Hosting at ${address}`);

    // The server's `stats` message (server-host.ts turns it into `online`).
    host.emit({ state: 'running', url: `http://0.0.0.0:${port}`, port, online: 3 });
    expect(hostingLabel()).toBe(`Hosting at ${address} · 3 online`);
    expect(trayDeps.tray().tooltip()).toContain(`Hosting at ${address} · 3 online`);

    app.setUnread(2);
    expect(trayDeps.badgeCounts.at(-1)).toBe(2);
    expect(trayDeps.tray().tooltip()).toBe(`Hearth\n2 unread\nHosting at ${address} · 3 online`);

    await app.stopHosting();
    expect(hostingLabel()).toBeUndefined();
    // Leaving the hosted forum for the launcher clears the unread badge.
    expect(trayDeps.badgeCounts.at(-1)).toBe(0);
  });
});

describe('AppController second launch', () => {
  it('brings the minimised window back, restored and focused', async () => {
    const electronApp = {
      requestSingleInstanceLock: () => true,
      quit: vi.fn(),
      listeners: [] as Array<(argv: readonly string[]) => void>,
      onSecondInstance(l: (argv: readonly string[]) => void) {
        this.listeners.push(l);
      },
    };
    const app = controller();
    claimSingleInstance(electronApp)?.attach(app);
    await app.showLauncher();
    win.minimized = true;
    win.visible = false;
    win.focused = false;
    for (const l of electronApp.listeners) l(['hearth']);
    expect(win).toMatchObject({ minimized: false, visible: true, focused: true });
    expect(win.loads.at(-1)).toBe(LAUNCHER);
  });

  it('shows the window even during a hidden start at login', async () => {
    const first = controller();
    await first.join(`127.0.0.1:${forum.port}`);
    win = new FakeWindow();
    const app = controller({ startHidden: true });
    const starting = app.startup();
    app.bringToFront();
    await starting;
    expect(win.loads).toEqual([`http://127.0.0.1:${forum.port}/`]);
    expect(win.visible).toBe(true);
  });
});

describe('AppController quitting', () => {
  it('before-quit stops the server, then the app quits: once, even when quit is asked twice', async () => {
    const electronApp = new FakeQuitApp();
    const app = controller({ quit: () => electronApp.quit() });
    shutdownOnQuit(electronApp, { shutdown: () => app.shutdown(), log: () => {} });
    await app.host({
      forumName: 'Home',
      port: await freePort(),
      dataDir: join(dir, 'f'),
      lanVisible: false,
    });
    expect(host.state().state).toBe('running');

    let releaseStop: () => void = () => {};
    host.stopGate = new Promise((r) => (releaseStop = r));
    app.quit(); // tray "Quit Hearth"
    app.quit(); // and again (Cmd+Q, the last window closing, a logout) while stopping
    expect(app.isQuitting()).toBe(true);
    expect(host.stops).toBe(1);
    expect(host.state().state).toBe('stopping');
    expect(electronApp.exited).toBe(0);
    // While quitting, closing the window closes it instead of hiding to the tray.
    const close = { preventDefault: vi.fn() };
    app.onWindowClose(close);
    expect(close.preventDefault).not.toHaveBeenCalled();

    releaseStop();
    await vi.waitFor(() => expect(electronApp.exited).toBe(1));
    expect(host.state().state).toBe('stopped');
    expect(host.stops).toBe(1);
    expect(fakes.notifier.clear).toHaveBeenCalled();
    expect(fakes.tray.destroy).toHaveBeenCalledOnce();
    // A later quit request goes straight through: no second shutdown.
    electronApp.quit();
    expect(host.stops).toBe(1);
  });
});
