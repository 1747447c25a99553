/**
 * Hardening for the app window: the webPreferences every window gets, and the guards on
 * navigation, new windows, webviews and permissions. Electron objects come in through
 * small interfaces so the guards are unit-tested with plain fakes.
 */
import type { WebPreferences } from 'electron';
import { decideNavigation, isSafeExternalUrl, isTrustedUrl } from './trusted-url';

export function secureWebPreferences(preloadPath: string, launcherUrl: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    // Keep timers and the WebSocket live while the window is hidden in the tray.
    backgroundThrottling: false,
    additionalArguments: [`--hearth-launcher=${launcherUrl}`],
  };
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of webContents the guards attach to. */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardDeps {
  forumOrigin(): string | null;
  openExternal(url: string): void;
  log(line: string): void;
}

export function guardWebContents(contents: GuardedContents, deps: GuardDeps): void {
  const onNavigate = (event: PreventableEvent, url: string) => {
    const decision = decideNavigation(url, deps.forumOrigin());
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') deps.openExternal(url);
    else deps.log(`[window] blocked navigation to a ${safeScheme(url)} URL`);
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No page opens windows: links with target=_blank go to the browser when they are safe.
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) deps.openExternal(url);
    else deps.log(`[window] blocked window.open of a ${safeScheme(url)} URL`);
    return { action: 'deny' };
  });
}

function safeScheme(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match?.[1] ? `${match[1].toLowerCase()}:` : 'malformed';
}

/** Only the forum page may ask for notifications; every other permission is denied. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  forumOrigin: string | null,
): boolean {
  return permission === 'notifications' && isTrustedUrl(requestingUrl, forumOrigin);
}

export interface CloseInput {
  /** The user chose Quit (menu, tray, Cmd+Q, OS shutdown). */
  quitting: boolean;
  closeToTray: boolean;
  noticeShown: boolean;
}

export type CloseDecision = { action: 'close' } | { action: 'hide'; showNotice: boolean };

export function decideClose(input: CloseInput): CloseDecision {
  if (input.quitting || !input.closeToTray) return { action: 'close' };
  return { action: 'hide', showNotice: !input.noticeShown };
}
