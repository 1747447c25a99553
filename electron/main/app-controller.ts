/**
 * The desktop app's behaviour, wired from index.ts: which page the window shows, hosting,
 * joining, saved servers, notifications, the tray and quitting. Electron objects come in
 * through AppDeps so this file holds decisions, not Electron set-up.
 */
import { mkdirSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import type {
  ConnectionTestResult,
  DesktopInfo,
  DesktopNotification,
  HostRequest,
  HostResult,
  HostStatus,
  LauncherState,
  OpenResult,
  PortCheck,
} from '@common/desktop';
import { LAUNCHER_CHANNELS, DESKTOP_CHANNELS } from '../ipc-channels';
import type { PolicyInput } from './notification-policy';
import type { createNotifier } from './notifier';
import { findFreePort, isPortFree, LAN_HOST, lanIps, LOCAL_HOST, shareAddresses } from './ports';
import type { HostState, ServerHost } from './server-host';
import { testConnection } from './server-address';
import type { HostConfig, SavedServer, ServersStore } from './servers.store';
import type { Settings, SettingsStore } from './settings.store';
import type { TrayController } from './tray';
import { decideClose } from './window-security';
import { httpOrigin, isSafeRoute } from './trusted-url';

/** The part of BrowserWindow the controller drives. */
export interface AppWindow {
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  hide(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  webContents: { id: number; getURL(): string; send(channel: string, ...args: unknown[]): void };
}

export interface AppDeps {
  version: string;
  platform: NodeJS.Platform;
  launcherUrl: string;
  logPath: string;
  defaultDataDir: string;
  /** better-sqlite3 binary for Electron's ABI when running from a dev checkout. */
  nativeBinding: string | undefined;
  servers: ServersStore;
  settings: SettingsStore;
  host: ServerHost;
  networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]>;
  openExternal(url: string): void;
  showItemInFolder(path: string): void;
  copyText(text: string): void;
  pickFolder(current: string): Promise<string | null>;
  showNotice(title: string, body: string): void;
  setStartAtLogin(on: boolean): void;
  startAtLoginSupported: boolean;
  quit(): void;
  log(line: string): void;
  now(): Date;
  /** Started at login with `--hidden`: open the forum but stay in the tray. */
  startHidden?: boolean;
}

type View = { kind: 'launcher' } | { kind: 'forum'; origin: string; serverId: string };

export const DEFAULT_PORT = 4000;

export function hostStatusOf(
  state: HostState,
  config: HostConfig | null,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): HostStatus {
  switch (state.state) {
    case 'running': {
      const lanVisible = config?.lanVisible ?? false;
      return {
        state: 'running',
        url: `http://${LOCAL_HOST}:${state.port}`,
        addresses: shareAddresses(lanVisible, state.port, interfaces),
        lanVisible,
        online: state.online,
      };
    }
    case 'restarting':
      return {
        state: 'restarting',
        attempt: state.attempt,
        inMs: state.inMs,
        lastError: state.lastError,
      };
    case 'failed':
      return { state: 'failed', message: state.message, logPath: state.logPath };
    case 'starting':
    case 'stopping':
    case 'stopped':
      return { state: state.state };
  }
}

export class AppController {
  private win: AppWindow | null = null;
  private tray: TrayController | null = null;
  private notifier: ReturnType<typeof createNotifier> | null = null;
  private view: View = { kind: 'launcher' };
  private hosted: { id: string; config: HostConfig } | null = null;
  private unread = 0;
  private quitting = false;
  private notices: string[] = [];
  /** During a hidden start, pages load without bringing the window up. */
  private keepHidden = false;

  constructor(private readonly deps: AppDeps) {
    this.notices.push(...deps.servers.warnings, ...deps.settings.warnings);
    deps.host.onState((state) => this.onHostState(state));
  }

  attach(win: AppWindow, tray: TrayController, notifier: ReturnType<typeof createNotifier>): void {
    this.win = win;
    this.tray = tray;
    this.notifier = notifier;
  }

  // ---- what the guards and IPC ask ----

  forumOrigin = (): string | null => (this.view.kind === 'forum' ? this.view.origin : null);
  windowId = (): number | null =>
    this.win && !this.win.isDestroyed() ? this.win.webContents.id : null;

  policyInput(): PolicyInput {
    const s = this.deps.settings.get();
    const win = this.win && !this.win.isDestroyed() ? this.win : null;
    let route: string | null = null;
    if (win && this.view.kind === 'forum') {
      try {
        route = new URL(win.webContents.getURL()).hash || '#/';
      } catch {
        route = null;
      }
    }
    return {
      dnd: s.dnd,
      quietHours: s.quietHours,
      now: this.deps.now(),
      window: {
        focused: win?.isFocused() ?? false,
        visible: !!win && win.isVisible() && !win.isMinimized(),
        route,
      },
    };
  }

  // ---- start-up ----

  async startup(): Promise<void> {
    this.keepHidden = this.deps.startHidden ?? false;
    try {
      const last = this.deps.servers.last();
      if (last && this.deps.settings.get().openLastOnStart) {
        const result = await this.openSaved(last);
        if (result.ok) return;
        this.notices.push(`Could not reopen "${last.name}": ${result.message}`);
      }
      await this.showLauncher();
    } finally {
      this.keepHidden = false;
    }
  }

  // ---- window ----

  showWindow(): void {
    const win = this.win;
    if (!win || win.isDestroyed()) return;
    if (this.keepHidden) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  /**
   * A second launch of Hearth (single-instance.ts): someone asked for the window, so it
   * comes up even during a hidden start at login.
   */
  bringToFront(): void {
    if (this.quitting) return;
    this.keepHidden = false;
    this.showWindow();
  }

  /** Window `close`: hide to the tray (saying so once) unless quitting or turned off. */
  onWindowClose(event: { preventDefault(): void }): void {
    const s = this.deps.settings.get();
    const decision = decideClose({
      quitting: this.quitting,
      closeToTray: s.closeToTray,
      noticeShown: s.closeToTrayNoticeShown,
    });
    if (decision.action === 'close') {
      this.quit();
      return;
    }
    event.preventDefault();
    this.win?.hide();
    if (decision.showNotice) {
      this.deps.settings.update({ closeToTrayNoticeShown: true });
      this.deps.showNotice(
        'Hearth is still running',
        'It keeps you notified from the tray. Use Quit Hearth in the tray menu to exit, or turn off "Keep running when the window is closed" there.',
      );
    }
  }

  private async load(url: string, view: View): Promise<void> {
    const win = this.win;
    if (!win || win.isDestroyed()) return;
    // Set the view first: the guards must trust the new origin before the page runs.
    this.view = view;
    this.setUnread(0);
    this.notifier?.clear();
    try {
      await win.loadURL(url);
    } catch (err) {
      // loadURL rejects on ERR_ABORTED when a redirect or a second load interrupts it.
      this.deps.log(
        `[window] load of ${view.kind} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  async showLauncher(): Promise<void> {
    await this.load(this.deps.launcherUrl, { kind: 'launcher' });
    this.showWindow();
  }

  private async showForum(url: string, serverId: string): Promise<void> {
    const origin = httpOrigin(url);
    if (!origin) throw new Error(`not a web address: ${url}`);
    await this.load(`${origin}/`, { kind: 'forum', origin, serverId });
    this.showWindow();
  }

  // ---- launcher actions ----

  launcherState(): LauncherState {
    const lastHosted = this.deps.servers.list().find((s) => s.kind === 'hosted');
    const defaults = lastHosted?.kind === 'hosted' ? lastHosted.host : null;
    const state: LauncherState = {
      version: this.deps.version,
      servers: this.deps.servers.list().map((s) => ({
        id: s.id,
        kind: s.kind,
        name: s.name,
        detail:
          s.kind === 'joined'
            ? s.url
            : `This computer · port ${s.host.port} · ${s.host.lanVisible ? 'everyone on the network' : 'only this computer'}`,
        lastUsedAt: s.lastUsedAt,
      })),
      hostDefaults: defaults ?? {
        forumName: 'Our forum',
        port: DEFAULT_PORT,
        dataDir: this.deps.defaultDataDir,
        lanVisible: null,
      },
      hostStatus: this.hostStatus(),
      lanIps: lanIps(this.deps.networkInterfaces()),
      notices: [...this.notices],
    };
    this.notices = [];
    return state;
  }

  hostStatus(): HostStatus {
    return hostStatusOf(
      this.deps.host.state(),
      this.hosted?.config ?? null,
      this.deps.networkInterfaces(),
    );
  }

  async checkPort(port: number, lanVisible: boolean): Promise<PortCheck> {
    // Our own running server holds its port: that port is "free" for restarting it.
    if (
      this.hosted &&
      this.hosted.config.port === port &&
      this.deps.host.state().state === 'running'
    )
      return { free: true };
    const bindHost = lanVisible ? LAN_HOST : LOCAL_HOST;
    if (await isPortFree(bindHost, port)) return { free: true };
    return { free: false, suggestion: await findFreePort(bindHost, port + 1) };
  }

  pickFolder(current: string): Promise<string | null> {
    return this.deps.pickFolder(current);
  }

  async host(request: HostRequest): Promise<HostResult> {
    const config: HostConfig = { ...request, forumName: request.forumName.trim() };
    const id = `hosted:${config.dataDir}`;
    const running = this.deps.host.state().state === 'running';
    const same = this.hosted && JSON.stringify(this.hosted.config) === JSON.stringify(config);
    if (!(running && same)) {
      if (running || this.deps.host.config()) await this.deps.host.stop();
      const port = await this.checkPort(config.port, config.lanVisible);
      if (!port.free) {
        return {
          ok: false,
          code: 'PORT_IN_USE',
          message: `Port ${config.port} is already in use on this computer.`,
          suggestion: port.suggestion,
        };
      }
      try {
        mkdirSync(config.dataDir, { recursive: true });
      } catch (err) {
        return {
          ok: false,
          code: 'INVALID',
          message: `Cannot use the folder ${config.dataDir}: ${(err as Error).message}`,
        };
      }
      this.hosted = { id, config };
      const result = await this.deps.host.start({
        dataDir: config.dataDir,
        host: config.lanVisible ? LAN_HOST : LOCAL_HOST,
        port: config.port,
        forumName: config.forumName,
        ...(this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {}),
      });
      if (!result.ok) {
        this.hosted = null;
        if (result.code === 'PORT_IN_USE') {
          const suggestion = await findFreePort(
            config.lanVisible ? LAN_HOST : LOCAL_HOST,
            config.port + 1,
          );
          return { ok: false, code: 'PORT_IN_USE', message: result.message, suggestion };
        }
        return {
          ok: false,
          code: result.code === 'FAILED' ? 'FAILED' : 'INVALID',
          message: result.message,
        };
      }
    }
    const saved = this.deps.servers.touch({ kind: 'hosted', name: config.forumName, host: config });
    const url = `http://${LOCAL_HOST}:${config.port}`;
    await this.showForum(url, saved.id);
    return { ok: true, url };
  }

  testConnection(address: string): Promise<ConnectionTestResult> {
    return testConnection(address);
  }

  async join(address: string): Promise<ConnectionTestResult> {
    const result = await testConnection(address);
    if (!result.ok) return result;
    const saved = this.deps.servers.touch({
      kind: 'joined',
      name: result.info.name,
      url: result.url,
    });
    await this.showForum(result.url, saved.id);
    return result;
  }

  async open(id: string): Promise<OpenResult> {
    const saved = this.deps.servers.list().find((s) => s.id === id);
    if (!saved) return { ok: false, message: 'That forum is no longer in the list.' };
    return this.openSaved(saved);
  }

  private async openSaved(saved: SavedServer): Promise<OpenResult> {
    if (saved.kind === 'hosted') {
      const result = await this.host(saved.host);
      return result.ok ? { ok: true } : { ok: false, message: result.message };
    }
    const result = await this.join(saved.url);
    return result.ok ? { ok: true } : { ok: false, message: result.message };
  }

  remove(id: string): void {
    this.deps.servers.remove(id);
  }

  showLog(): void {
    this.deps.showItemInFolder(this.deps.logPath);
  }

  copyText(text: string): void {
    this.deps.copyText(text);
  }

  // ---- forum page actions ----

  notify(n: DesktopNotification): void {
    if (!isSafeRoute(n.route)) {
      this.deps.log('[notify] dropped a notification with an unsafe route');
      return;
    }
    this.notifier?.notify(n);
  }

  /** A notification was clicked: bring the window back and open the route. */
  openRoute(route: string): void {
    this.showWindow();
    if (this.view.kind === 'forum' && isSafeRoute(route)) {
      this.win?.webContents.send(DESKTOP_CHANNELS.navigate, route);
    }
  }

  setUnread(count: number): void {
    this.unread = count;
    this.tray?.update({ unread: count });
  }

  unreadCount(): number {
    return this.unread;
  }

  info(): DesktopInfo {
    const status = this.hostStatus();
    return {
      version: this.deps.version,
      hosting:
        status.state === 'running'
          ? { addresses: status.addresses, lanVisible: status.lanVisible }
          : null,
    };
  }

  switchForum(): void {
    void this.showLauncher();
  }

  // ---- tray actions ----

  setDnd(on: boolean): void {
    this.applySettings({ dnd: on });
  }

  applySettings(patch: Partial<Settings>): void {
    const s = this.deps.settings.update(patch);
    if (patch.startAtLogin !== undefined) this.deps.setStartAtLogin(patch.startAtLogin);
    this.tray?.update({
      dnd: s.dnd,
      quietHours: s.quietHours,
      closeToTray: s.closeToTray,
      startAtLogin: s.startAtLogin,
    });
  }

  async stopHosting(): Promise<void> {
    const wasShowingHosted = this.view.kind === 'forum' && this.view.serverId === this.hosted?.id;
    this.hosted = null;
    await this.deps.host.stop();
    if (wasShowingHosted) await this.showLauncher();
  }

  // ---- host state ----

  private onHostState(state: HostState): void {
    const status = this.hostStatus();
    this.tray?.update({
      hosting:
        status.state === 'running'
          ? { state: 'running', address: status.addresses[0] ?? status.url, online: status.online }
          : status.state === 'starting' ||
              status.state === 'restarting' ||
              status.state === 'failed'
            ? { state: status.state }
            : null,
    });
    if (this.win && !this.win.isDestroyed() && this.view.kind === 'launcher') {
      this.win.webContents.send(LAUNCHER_CHANNELS.hostStatus, status);
    }
    // The hosted forum is gone for good: leave its dead page for the error screen.
    if (
      state.state === 'failed' &&
      this.view.kind === 'forum' &&
      this.view.serverId === this.hosted?.id
    ) {
      void this.showLauncher();
    }
  }

  // ---- quitting ----

  isQuitting(): boolean {
    return this.quitting;
  }

  quit(): void {
    this.quitting = true;
    this.deps.quit();
  }

  /** Called from `before-quit`: closes the server gracefully; resolves when it is down. */
  async shutdown(): Promise<void> {
    this.quitting = true;
    this.notifier?.clear();
    await this.deps.host.stop();
    this.tray?.destroy();
  }
}
