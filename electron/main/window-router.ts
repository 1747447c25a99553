/**
 * The app window: which page it shows (the launcher or one forum), whether it is up or in
 * the tray (close-to-tray, a hidden start at login, a second launch), and what reaches the
 * page from main (notification clicks, host status, notices). Electron's BrowserWindow
 * comes in as AppWindow.
 */
import type {
  DesktopNotification,
  DesktopToast,
  FoundForumView,
  HostStatus,
} from '@common/desktop';
import { sendToForum, sendToLauncher } from '../ipc-contract';
import { trayHosting } from './hosting';
import type { PolicyInput } from './notification-policy';
import type { SettingsStore } from './settings.store';
import type { TrayController } from './tray';
import type { TrayMenuState } from './tray-menu';
import { effectiveCloseToTray } from './tray-support';
import { httpOrigin, isSafeRoute } from './trusted-url';
import { decideClose } from './window-security';

/** The part of BrowserWindow the router drives. */
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

/** The part of notifier.ts the router uses. */
export interface WindowNotifier {
  notify(n: DesktopNotification): unknown;
  clear(): void;
}

export interface WindowRouterDeps {
  launcherUrl: string;
  settings: SettingsStore;
  /**
   * Whether a tray icon is there to come back from (tray-support.ts). Without one, closing
   * the window quits unless the user turned "keep running" on themselves.
   */
  trayShown(): boolean;
  showNotice(title: string, body: string): void;
  quit(): void;
  log(line: string): void;
  now(): Date;
}

type View = { kind: 'launcher' } | { kind: 'forum'; origin: string; serverId: string };

export class WindowRouter {
  private win: AppWindow | null = null;
  private tray: TrayController | null = null;
  private notifier: WindowNotifier | null = null;
  private view: View = { kind: 'launcher' };
  private unread = 0;
  private quitting = false;
  /** During a hidden start, pages load without bringing the window up. */
  private keepHidden = false;

  constructor(private readonly deps: WindowRouterDeps) {}

  attach(win: AppWindow, tray: TrayController, notifier: WindowNotifier): void {
    this.win = win;
    this.tray = tray;
    this.notifier = notifier;
  }

  // ---- what the guards, IPC and notifications ask ----

  forumOrigin = (): string | null => (this.view.kind === 'forum' ? this.view.origin : null);
  windowId = (): number | null => this.liveWindow()?.webContents.id ?? null;

  /** The saved-server id of the forum on screen, or null on the launcher. */
  shownServerId(): string | null {
    return this.view.kind === 'forum' ? this.view.serverId : null;
  }

  policyInput(): PolicyInput {
    const s = this.deps.settings.get();
    const win = this.liveWindow();
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

  // ---- showing the window ----

  /** Runs `start` (the first page loads) with the window kept down when `hidden`. */
  async startUp(hidden: boolean, start: () => Promise<void>): Promise<void> {
    this.keepHidden = hidden;
    try {
      await start();
    } finally {
      this.keepHidden = false;
    }
  }

  showWindow(): void {
    const win = this.liveWindow();
    if (!win || this.keepHidden) return;
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

  /** Window `close`: hide to the tray (saying so once) unless quitting, turned off or trayless. */
  onWindowClose(event: { preventDefault(): void }): void {
    const s = this.deps.settings.get();
    const decision = decideClose({
      quitting: this.quitting,
      closeToTray: effectiveCloseToTray(s.closeToTray, this.deps.trayShown()),
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

  // ---- which page ----

  async showLauncher(): Promise<void> {
    await this.load(this.deps.launcherUrl, { kind: 'launcher' });
    this.showWindow();
  }

  /** `route`: a page to open on (the setup page of a forum this app hosts), else the feed. */
  async showForum(url: string, serverId: string, route: string | null = null): Promise<void> {
    const origin = httpOrigin(url);
    if (!origin) throw new Error(`not a web address: ${url}`);
    await this.load(`${origin}/${route ?? ''}`, { kind: 'forum', origin, serverId });
    this.showWindow();
  }

  /**
   * The page's renderer died and crash-policy.ts says reload: the same view again, then
   * the notice on it (a toast on the forum page, a notice on the launcher).
   */
  async reloadAfterCrash(notice: string): Promise<void> {
    const view = this.view;
    await this.load(view.kind === 'forum' ? `${view.origin}/` : this.deps.launcherUrl, view);
    if (!this.toast({ title: 'Hearth', body: notice })) this.launcherNotice(notice);
  }

  private async load(url: string, view: View): Promise<void> {
    const win = this.liveWindow();
    if (!win) return;
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

  // ---- the forum page ----

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
    const win = this.liveWindow();
    if (win && this.view.kind === 'forum' && isSafeRoute(route)) {
      sendToForum(win.webContents, 'onNavigate', route);
    }
  }

  /**
   * An in-page toast on the forum page. Returns false when no forum page is there to show
   * it (the caller then tells the launcher).
   */
  toast(toast: DesktopToast): boolean {
    const win = this.liveWindow();
    if (!win || this.view.kind !== 'forum') return false;
    if (toast.route !== undefined && !isSafeRoute(toast.route)) return false;
    sendToForum(win.webContents, 'onToast', toast);
    return true;
  }

  /** Settings shown in the tray menu changed. */
  updateTray(patch: Partial<TrayMenuState>): void {
    this.tray?.update(patch);
  }

  setUnread(count: number): void {
    this.unread = count;
    this.tray?.update({ unread: count });
  }

  unreadCount(): number {
    return this.unread;
  }

  // ---- the launcher page ----

  /** The server's state, on the tray and (while it shows) the launcher page. */
  showHostStatus(status: HostStatus): void {
    this.tray?.update({ hosting: trayHosting(status) });
    const win = this.liveWindow();
    if (win && this.view.kind === 'launcher') {
      sendToLauncher(win.webContents, 'onHostStatus', status);
    }
  }

  /** Forums found on the LAN, to the launcher page while it shows (issue 14). */
  launcherForums(forums: FoundForumView[]): void {
    const win = this.liveWindow();
    if (win && this.view.kind === 'launcher')
      sendToLauncher(win.webContents, 'onForumsFound', forums);
  }

  /** A notice on the launcher page, if it shows now; returns whether it did. */
  launcherNotice(notice: string): boolean {
    const win = this.liveWindow();
    if (!win || this.view.kind !== 'launcher') return false;
    sendToLauncher(win.webContents, 'onNotice', notice);
    return true;
  }

  // ---- quitting ----

  isQuitting(): boolean {
    return this.quitting;
  }

  quit(): void {
    this.quitting = true;
    this.deps.quit();
  }

  /** Quit is under way (also when the OS asked): closing no longer hides, no more popups. */
  prepareToQuit(): void {
    this.quitting = true;
    this.notifier?.clear();
  }

  /** The last step of shutting down: the tray icon goes. */
  dispose(): void {
    this.tray?.destroy();
  }

  private liveWindow(): AppWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }
}
