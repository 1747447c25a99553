/**
 * The preload: one narrow bridge per page, never ipcRenderer itself. The forum page (at
 * the server's origin) gets `window.desktop`; the bundled launcher gets `window.launcher`.
 * Main checks every call's sender anyway; this only keeps each page's surface small.
 * Bundled to one CommonJS file because sandboxed preloads cannot load ESM or packages.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopBridge, HostStatus, LauncherBridge } from '@common/desktop';
import { DESKTOP_CHANNELS, LAUNCHER_CHANNELS, LAUNCHER_URL_ARG } from '../ipc-channels';
import { isLauncherUrl } from '../main/trusted-url';

const desktop = {
  notify: (n) =>
    ipcRenderer.send(DESKTOP_CHANNELS.notify, {
      title: n.title,
      body: n.body,
      route: n.route,
      tag: n.tag,
    }),
  setUnreadCount: (count) => ipcRenderer.send(DESKTOP_CHANNELS.setUnreadCount, count),
  onNavigate(callback) {
    const listener = (_event: IpcRendererEvent, route: unknown) => {
      if (typeof route === 'string') callback(route);
    };
    ipcRenderer.on(DESKTOP_CHANNELS.navigate, listener);
    return () => void ipcRenderer.removeListener(DESKTOP_CHANNELS.navigate, listener);
  },
  getInfo: () => ipcRenderer.invoke(DESKTOP_CHANNELS.getInfo),
  switchForum: () => ipcRenderer.send(DESKTOP_CHANNELS.switchForum),
} satisfies DesktopBridge;

const launcher = {
  getState: () => ipcRenderer.invoke(LAUNCHER_CHANNELS.getState),
  checkPort: (port, lanVisible) =>
    ipcRenderer.invoke(LAUNCHER_CHANNELS.checkPort, port, lanVisible),
  chooseDataDir: (current) => ipcRenderer.invoke(LAUNCHER_CHANNELS.chooseDataDir, current),
  host: (request) =>
    ipcRenderer.invoke(LAUNCHER_CHANNELS.host, {
      forumName: request.forumName,
      port: request.port,
      dataDir: request.dataDir,
      lanVisible: request.lanVisible,
    }),
  testConnection: (address) => ipcRenderer.invoke(LAUNCHER_CHANNELS.testConnection, address),
  join: (address) => ipcRenderer.invoke(LAUNCHER_CHANNELS.join, address),
  open: (id) => ipcRenderer.invoke(LAUNCHER_CHANNELS.open, id),
  remove: (id) => ipcRenderer.invoke(LAUNCHER_CHANNELS.remove, id),
  showLog: () => ipcRenderer.send(LAUNCHER_CHANNELS.showLog),
  copyText: (text) => ipcRenderer.send(LAUNCHER_CHANNELS.copyText, text),
  onHostStatus(callback) {
    const listener = (_event: IpcRendererEvent, status: HostStatus) => callback(status);
    ipcRenderer.on(LAUNCHER_CHANNELS.hostStatus, listener);
    return () => void ipcRenderer.removeListener(LAUNCHER_CHANNELS.hostStatus, listener);
  },
} satisfies LauncherBridge;

// The preload is type-checked with the Node project (no DOM lib); it only needs the page URL.
const page = (globalThis as unknown as { location: { href: string; protocol: string } }).location;
const launcherUrl = process.argv
  .find((a) => a.startsWith(LAUNCHER_URL_ARG))
  ?.slice(LAUNCHER_URL_ARG.length);

if (launcherUrl && isLauncherUrl(page.href, launcherUrl)) {
  contextBridge.exposeInMainWorld('launcher', launcher);
} else if (page.protocol === 'http:' || page.protocol === 'https:') {
  contextBridge.exposeInMainWorld('desktop', desktop);
}
