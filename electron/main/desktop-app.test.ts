/**
 * The desktop app's parts (hosting, window router, launcher model) as desktop-app.ts wires
 * them, with Electron replaced by plain fakes: real stores in a temp folder,
 * real sockets for port checks and "join", a real forum server to join, and a stand-in
 * server host (its own lifecycle is covered in server-host.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createForumServer, type ForumServer } from '../../server/index';
import { DESKTOP_BRIDGE, LAUNCHER_BRIDGE } from '../ipc-contract';
import { createDesktopApp, type DesktopApp, type DesktopAppDeps } from './desktop-app';
import { desktopInfo } from './hosting';
import { desktopHandlers } from './ipc-handlers';
import { FALLBACK_NOTICE } from './notifier';
import type { AppWindow } from './window-router';
import { FakeHost } from './server-host.fake';
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

let dir: string;
let win: FakeWindow;
let host: FakeHost;
let deps: DesktopAppDeps;
let forum: ForumServer;
let forumDir: string;
let fakes: {
  tray: { update: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn> };
  notifier: { clear: ReturnType<typeof vi.fn> };
};

function controller(over: Partial<DesktopAppDeps> = {}): DesktopApp {
  deps = {
    version: '0.1.0',
    launcherUrl: LAUNCHER,
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
    ...over,
  };
  const app = createDesktopApp(deps);
  const notifier = { notify: vi.fn(), clear: vi.fn() };
  const tray = { update: vi.fn(), state: vi.fn(), destroy: vi.fn() };
  app.router.attach(win, tray as never, notifier);
  fakes = { tray, notifier };
  return app;
}

/** The forum page's bridge calls, as main handles them. */
const forumCalls = (app: DesktopApp) =>
  desktopHandlers(app, {
    version: deps.version,
    pickFolder: async () => null,
    showLog: () => {},
    copyText: async () => {},
  });

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

describe('desktop app', () => {
  it('starts on the launcher when nothing was used before', async () => {
    const app = controller();
    await app.launcher.startup(false);
    expect(win.loads).toEqual([LAUNCHER]);
    expect(win.visible).toBe(true);
    expect(app.router.forumOrigin()).toBeNull();
    expect(app.launcher.state().hostDefaults).toEqual({
      forumName: 'Our forum',
      port: 4000,
      dataDir: join(dir, 'forum'),
      lanVisible: null,
      https: true,
    });
  });

  it('refuses a busy port with the next free one, without starting the server', async () => {
    const busy = await busyPort();
    const port = (busy.address() as AddressInfo).port;
    try {
      const app = controller();
      const result = await app.launcher.host({
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
    const result = await app.launcher.host({
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
    expect(app.router.forumOrigin()).toBe(`http://127.0.0.1:${port}`);
    expect(deps.servers.last()).toMatchObject({
      kind: 'hosted',
      name: 'Home',
      host: { lanVisible: true },
    });
    expect(desktopInfo(deps.version, app.hosting.status()).hosting).toEqual({
      addresses: [],
      lanVisible: true,
    });
  });

  it('hosts over HTTPS when the form says so, saves the choice, and old forums keep plain HTTP', async () => {
    const probe = await busyPort();
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    host.result = (c) => ({ ok: true, url: `https://127.0.0.1:${c.port}`, port: c.port });
    const app = controller();
    const result = await app.launcher.host({
      forumName: 'Secure',
      port,
      dataDir: join(dir, 's'),
      lanVisible: false,
      https: true,
      httpPort: null,
    });
    expect(result).toEqual({ ok: true, url: `https://127.0.0.1:${port}` });
    expect(host.starts.at(-1)).toMatchObject({ https: true });
    expect(host.starts.at(-1)).not.toHaveProperty('httpPort');
    expect(deps.servers.last()).toMatchObject({ host: { https: true, httpPort: null } });
    expect(app.launcher.state().hostDefaults).toMatchObject({ https: true, httpPort: null });

    // A forum saved before HTTPS existed: the form starts it as it was (plain HTTP).
    deps.servers.touch({
      kind: 'hosted',
      name: 'Old',
      host: { forumName: 'Old', port: 4100, dataDir: join(dir, 'old'), lanVisible: true },
    });
    expect(app.launcher.state().hostDefaults).toMatchObject({ https: false, httpPort: null });
  });

  it('the network doctor reads the Windows firewall and adds the rule for the hosted ports on consent', async () => {
    const calls: string[] = [];
    const app = controller({
      platform: 'win32',
      runCommand: async (file, args) => {
        calls.push(`${file} ${args.slice(0, 4).join(' ')}`);
        return file === 'netsh'
          ? { code: 0, stdout: 'No rules match the specified criteria.\r\n', stderr: '' }
          : { code: 0, stdout: '', stderr: '' };
      },
    });
    expect(app.launcher.state().canAddFirewallRule).toBe(true);
    const findings = await app.launcher.diagnose();
    expect(calls).toEqual(['netsh advfirewall firewall show rule']);
    expect(findings.find((f) => f.id === 'windows-firewall')?.command).toMatch(/localport=4000 /);

    const probe = await busyPort();
    const port = (probe.address() as AddressInfo).port;
    const probe2 = await busyPort();
    const httpPort = (probe2.address() as AddressInfo).port;
    await Promise.all([probe, probe2].map((p) => new Promise((r) => p.close(r))));
    host.result = (c) => ({ ok: true, url: `https://127.0.0.1:${c.port}`, port: c.port });
    await app.launcher.host({
      forumName: 'Win',
      port,
      dataDir: join(dir, 'w'),
      lanVisible: true,
      https: true,
      httpPort,
    });
    host.emit({
      state: 'running',
      url: `https://127.0.0.1:${port}`,
      port,
      online: 0,
      fingerprint: 'cd'.repeat(32),
      plainPort: httpPort,
    });
    const added = await app.launcher.addFirewallRule();
    expect(added).toEqual({
      kind: 'added',
      command: `netsh advfirewall firewall add rule name="Hearth forum (TCP ${port}, ${httpPort})" dir=in action=allow protocol=TCP localport=${port},${httpPort} profile=private`,
    });
    expect(calls.at(-1)).toMatch(/^powershell\.exe -NoProfile/);
    // Elsewhere there is no button, and nothing runs.
    const linux = controller({ platform: 'linux' });
    expect(linux.launcher.state().canAddFirewallRule).toBeUndefined();
    expect(await linux.launcher.addFirewallRule()).toEqual({ kind: 'unsupported' });
  });

  it('joins a real Hearth server by host:port and saves it under its name', async () => {
    const app = controller();
    const result = await app.launcher.join(`127.0.0.1:${forum.port}`);
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
    await app.router.showLauncher();
    expect(await app.launcher.join('ftp://nope')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(win.loads).toEqual([LAUNCHER]);
    expect(deps.servers.list()).toEqual([]);
  });

  it('reopens the last forum at start, or says why on the launcher', async () => {
    const first = controller();
    await first.launcher.join(`127.0.0.1:${forum.port}`);
    win = new FakeWindow();
    const again = controller();
    await again.launcher.startup(false);
    expect(win.loads).toEqual([`http://127.0.0.1:${forum.port}/`]);

    // Now the saved forum is gone.
    const probe = await busyPort();
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    deps.servers.touch({ kind: 'joined', name: 'Gone', url: `http://127.0.0.1:${deadPort}` });
    win = new FakeWindow();
    const third = controller();
    await third.launcher.startup(false);
    expect(win.loads).toEqual([LAUNCHER]);
    expect(third.launcher.state().notices[0]).toMatch(/^Could not reopen "Gone": Could not reach/);
  });

  it('a hidden start (at login) opens the last forum without showing the window', async () => {
    const first = controller();
    await first.launcher.join(`127.0.0.1:${forum.port}`);
    win = new FakeWindow();
    const app = controller();
    await app.launcher.startup(true);
    expect(win.loads).toEqual([`http://127.0.0.1:${forum.port}/`]);
    expect(win.visible).toBe(false);
    app.router.openRoute('#/chat/bob');
    expect(win.visible).toBe(true);
  });

  it('hides to the tray on close, saying so once; quits when that is turned off', async () => {
    const app = controller();
    await app.router.showLauncher();
    const first = { preventDefault: vi.fn() };
    app.router.onWindowClose(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(win.visible).toBe(false);
    expect(deps.showNotice).toHaveBeenCalledOnce();
    app.router.onWindowClose({ preventDefault: vi.fn() });
    expect(deps.showNotice).toHaveBeenCalledOnce();
    app.applySettings({ closeToTray: false });
    const last = { preventDefault: vi.fn() };
    app.router.onWindowClose(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
    expect(deps.quit).toHaveBeenCalled();
  });

  it('where no tray icon shows, closing the window quits unless the user chose to keep running', async () => {
    const app = controller({ trayShown: () => false });
    await app.router.showLauncher();
    const close = { preventDefault: vi.fn() };
    app.router.onWindowClose(close);
    expect(close.preventDefault).not.toHaveBeenCalled();
    expect(deps.quit).toHaveBeenCalledOnce();

    const again = controller({ trayShown: () => false });
    again.applySettings({ closeToTray: true });
    const kept = { preventDefault: vi.fn() };
    again.router.onWindowClose(kept);
    expect(kept.preventDefault).toHaveBeenCalled();
    expect(win.visible).toBe(false);
  });

  it('a notification click shows the window and navigates only the forum page', async () => {
    const app = controller();
    await app.router.showLauncher();
    win.hide();
    app.router.openRoute('#/chat/bob');
    expect(win.visible).toBe(true);
    expect(win.sent.filter(([c]) => c === DESKTOP_BRIDGE.onNavigate.channel)).toEqual([]);
    await app.launcher.join(`127.0.0.1:${forum.port}`);
    app.router.openRoute('#/chat/bob');
    app.router.openRoute('javascript:alert(1)');
    expect(win.sent.filter(([c]) => c === DESKTOP_BRIDGE.onNavigate.channel)).toEqual([
      [DESKTOP_BRIDGE.onNavigate.channel, '#/chat/bob'],
    ]);
  });

  it('a notification the OS refused shows as a toast on the forum page, the reason once', async () => {
    const app = controller();
    await app.launcher.join(`127.0.0.1:${forum.port}`);
    const n = { title: 'alice', body: 'hi', route: '#/chat/alice', tag: 'chat-2' };
    app.showInApp(n, true);
    app.showInApp({ ...n, body: 'again' }, false);
    const toasts = win.sent.filter(([c]) => c === DESKTOP_BRIDGE.onToast.channel).map(([, t]) => t);
    expect(toasts).toEqual([
      n,
      { ...FALLBACK_NOTICE, tag: 'hearth-os-notifications' },
      { ...n, body: 'again' },
    ]);

    // No forum page (the launcher shows): the launcher tells it.
    await app.router.showLauncher();
    app.showInApp(n, true);
    expect(win.sent.filter(([c]) => c === LAUNCHER_BRIDGE.onNotice.channel)).toEqual([
      [LAUNCHER_BRIDGE.onNotice.channel, 'alice: hi'],
      [LAUNCHER_BRIDGE.onNotice.channel, FALLBACK_NOTICE.body],
    ]);
  });

  it('a crashed page reloads on the same view and says so there', async () => {
    const app = controller();
    await app.launcher.join(`127.0.0.1:${forum.port}`);
    const loads = win.loads.length;
    await app.router.reloadAfterCrash('The Hearth window stopped unexpectedly');
    expect(win.loads.slice(loads)).toEqual([`http://127.0.0.1:${forum.port}/`]);
    expect(app.router.forumOrigin()).toBe(`http://127.0.0.1:${forum.port}`);
    expect(win.sent.filter(([c]) => c === DESKTOP_BRIDGE.onToast.channel).at(-1)).toEqual([
      DESKTOP_BRIDGE.onToast.channel,
      { title: 'Hearth', body: 'The Hearth window stopped unexpectedly' },
    ]);
    await app.router.showLauncher();
    await app.router.reloadAfterCrash('again');
    expect(win.loads.at(-1)).toBe(LAUNCHER);
    expect(win.sent.at(-1)).toEqual([LAUNCHER_BRIDGE.onNotice.channel, 'again']);
  });

  it('reads the visible route from the forum window for the notification policy', async () => {
    const app = controller();
    await app.launcher.join(`127.0.0.1:${forum.port}`);
    win.url = `http://127.0.0.1:${forum.port}/#/chat/alice`;
    expect(app.router.policyInput().window).toEqual({
      focused: true,
      visible: true,
      route: '#/chat/alice',
    });
    win.hide();
    expect(app.router.policyInput().window).toMatchObject({ focused: false, visible: false });
  });

  it('leaves a hosted forum whose server gave up for the error screen, and tells the launcher', async () => {
    const probe = await busyPort();
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const app = controller();
    await app.launcher.host({
      forumName: 'Home',
      port,
      dataDir: join(dir, 'f'),
      lanVisible: false,
    });
    host.emit({ state: 'failed', message: 'stopped 3 times', logPath: '/logs/server.log' });
    await vi.waitFor(() => expect(win.loads.at(-1)).toBe(LAUNCHER));
    expect(app.launcher.state().hostStatus).toEqual({
      state: 'failed',
      message: 'stopped 3 times',
      logPath: '/logs/server.log',
    });
    host.emit({ state: 'restarting', attempt: 1, inMs: 1000, lastError: 'x' });
    expect(win.sent.some(([c]) => c === LAUNCHER_BRIDGE.onHostStatus.channel)).toBe(true);
  });

  it('resets the unread badge when the window leaves a forum', async () => {
    const app = controller();
    await app.launcher.join(`127.0.0.1:${forum.port}`);
    app.router.setUnread(3);
    expect(app.router.unreadCount()).toBe(3);
    forumCalls(app).switchForum();
    await vi.waitFor(() => expect(win.loads.at(-1)).toBe(LAUNCHER));
    expect(app.router.unreadCount()).toBe(0);
  });
});

async function freePort(): Promise<number> {
  const probe = await busyPort();
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('desktop app and the tray', () => {
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
    app.router.attach(win, tray, { notify: vi.fn(), clear: vi.fn() });
    const hostingLabel = () =>
      trayDeps
        .tray()
        .menu()
        .find((i) => i.id === 'hosting')?.label;

    const port = await freePort();
    await app.launcher.host({ forumName: 'Home', port, dataDir: join(dir, 'f'), lanVisible: true });
    const address = `http://192.168.1.20:${port}`;
    // Until the server reports a count, the line has none.
    expect(hostingLabel()).toBe(`Hosting at ${address}`);

    // The server's `stats` message (server-host.ts turns it into `online`).
    host.emit({ state: 'running', url: `http://0.0.0.0:${port}`, port, online: 3 });
    expect(hostingLabel()).toBe(`Hosting at ${address} · 3 online`);
    expect(trayDeps.tray().tooltip()).toContain(`Hosting at ${address} · 3 online`);

    app.router.setUnread(2);
    expect(trayDeps.badgeCounts.at(-1)).toBe(2);
    expect(trayDeps.tray().tooltip()).toBe(`Hearth\n2 unread\nHosting at ${address} · 3 online`);

    await app.launcher.stopHosting();
    expect(hostingLabel()).toBeUndefined();
    // Leaving the hosted forum for the launcher clears the unread badge.
    expect(trayDeps.badgeCounts.at(-1)).toBe(0);
  });
});

describe('desktop app second launch', () => {
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
    claimSingleInstance(electronApp)?.attach(app.router);
    await app.router.showLauncher();
    win.minimized = true;
    win.visible = false;
    win.focused = false;
    for (const l of electronApp.listeners) l(['hearth']);
    expect(win).toMatchObject({ minimized: false, visible: true, focused: true });
    expect(win.loads.at(-1)).toBe(LAUNCHER);
  });

  it('shows the window even during a hidden start at login', async () => {
    const first = controller();
    await first.launcher.join(`127.0.0.1:${forum.port}`);
    win = new FakeWindow();
    const app = controller();
    const starting = app.launcher.startup(true);
    app.router.bringToFront();
    await starting;
    expect(win.loads).toEqual([`http://127.0.0.1:${forum.port}/`]);
    expect(win.visible).toBe(true);
  });
});

describe('desktop app quitting', () => {
  it('before-quit stops the server, then the app quits: once, even when quit is asked twice', async () => {
    const electronApp = new FakeQuitApp();
    const app = controller({ quit: () => electronApp.quit() });
    shutdownOnQuit(electronApp, { shutdown: () => app.shutdown(), log: () => {} });
    await app.launcher.host({
      forumName: 'Home',
      port: await freePort(),
      dataDir: join(dir, 'f'),
      lanVisible: false,
    });
    expect(host.state().state).toBe('running');

    let releaseStop: () => void = () => {};
    host.stopGate = new Promise((r) => (releaseStop = r));
    app.router.quit(); // tray "Quit Hearth"
    app.router.quit(); // and again (Cmd+Q, the last window closing, a logout) while stopping
    expect(app.router.isQuitting()).toBe(true);
    expect(host.stops).toBe(1);
    expect(host.state().state).toBe('stopping');
    expect(electronApp.exited).toBe(0);
    // While quitting, closing the window closes it instead of hiding to the tray.
    const close = { preventDefault: vi.fn() };
    app.router.onWindowClose(close);
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
