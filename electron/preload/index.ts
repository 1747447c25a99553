/**
 * The preload: one narrow bridge per page, never ipcRenderer itself. The forum page (at
 * the server's origin) gets `window.desktop`; the bundled launcher gets `window.launcher`.
 * Both are built from ../ipc-contract.ts. Main checks every call's sender anyway; this
 * only keeps each page's surface small. Bundled to one CommonJS file because sandboxed
 * preloads cannot load ESM or packages.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge, LauncherBridge } from '@common/desktop';
import { DESKTOP_BRIDGE, LAUNCHER_BRIDGE, LAUNCHER_URL_ARG } from '../ipc-contract';
import { isLauncherUrl } from '../main/trusted-url';
import { buildBridge } from './bridge';

// The preload is type-checked with the Node project (no DOM lib); it only needs the page URL.
const page = (globalThis as unknown as { location: { href: string; protocol: string } }).location;
const launcherUrl = process.argv
  .find((a) => a.startsWith(LAUNCHER_URL_ARG))
  ?.slice(LAUNCHER_URL_ARG.length);

if (launcherUrl && isLauncherUrl(page.href, launcherUrl)) {
  contextBridge.exposeInMainWorld(
    'launcher',
    buildBridge<LauncherBridge>(ipcRenderer, LAUNCHER_BRIDGE),
  );
} else if (page.protocol === 'http:' || page.protocol === 'https:') {
  contextBridge.exposeInMainWorld(
    'desktop',
    buildBridge<DesktopBridge>(ipcRenderer, DESKTOP_BRIDGE),
  );
}
