/**
 * What main does for each bridge call. The calls, their channels and their argument
 * schemas come from ../ipc-contract.ts and ipc-schemas.ts; the handler objects here are
 * typed by the bridge types in common/desktop.ts, so a missing handler or a wrong result
 * type fails the build.
 */
import type { DesktopBridge, LauncherBridge } from '@common/desktop';
import { DESKTOP_BRIDGE, LAUNCHER_BRIDGE } from '../ipc-contract';
import type { DesktopApp } from './desktop-app';
import { desktopInfo } from './hosting';
import { registerBridge, type BridgeHandlers, type Ipc } from './ipc';
import { DESKTOP_ARGS, LAUNCHER_ARGS } from './ipc-schemas';
import { testConnection } from './server-address';

/** What the handlers need besides the app's parts: the OS dialogs, shell and clipboard. */
export interface HandlerDeps {
  version: string;
  pickFolder(current: string): Promise<string | null>;
  showLog(): void;
  copyText(text: string): Promise<unknown>;
}

export function desktopHandlers(app: DesktopApp, deps: HandlerDeps): BridgeHandlers<DesktopBridge> {
  return {
    notify: (n) => app.router.notify(n),
    setUnreadCount: (count) => app.router.setUnread(count),
    getInfo: () => desktopInfo(deps.version, app.hosting.status()),
    switchForum: () => app.router.showLauncher(),
  };
}

export function launcherHandlers(
  app: DesktopApp,
  deps: HandlerDeps,
): BridgeHandlers<LauncherBridge> {
  return {
    getState: () => app.launcher.state(),
    checkPort: (port, lanVisible) => app.hosting.checkPort(port, lanVisible),
    chooseDataDir: (current) => deps.pickFolder(current),
    host: (request) => app.launcher.host(request),
    testConnection: (address) => testConnection(address),
    join: (address) => app.launcher.join(address),
    open: (id) => app.launcher.open(id),
    remove: (id) => app.launcher.remove(id),
    showLog: () => deps.showLog(),
    copyText: async (text) => void (await deps.copyText(text)),
    trustAndJoin: (url, fingerprint) => app.launcher.trustAndJoin(url, fingerprint),
    diagnose: () => app.launcher.diagnose(),
    addFirewallRule: () => app.launcher.addFirewallRule(),
  };
}

export function registerIpcHandlers(ipc: Ipc, app: DesktopApp, deps: HandlerDeps): void {
  registerBridge(ipc, 'forum', DESKTOP_BRIDGE, DESKTOP_ARGS, desktopHandlers(app, deps));
  registerBridge(ipc, 'launcher', LAUNCHER_BRIDGE, LAUNCHER_ARGS, launcherHandlers(app, deps));
}
