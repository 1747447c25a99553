/**
 * Composition root of the desktop app: Electron set-up only. Behaviour lives in small
 * modules (app-controller.ts and what it uses) that take Electron in as arguments.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  type NativeImage,
  Notification,
  session,
  shell,
  Tray,
  utilityProcess,
} from 'electron';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { AppController } from './app-controller';
import { APP_USER_MODEL_ID } from './app-identity';
import { setStartAtLogin } from './autostart';
import { createIpc } from './ipc';
import { registerIpcHandlers } from './ipc-handlers';
import { openLogFile } from './log-file';
import { createNotifier } from './notifier';
import { appPaths } from './paths';
import { createServerHost, type HostChild } from './server-host';
import { openServersStore } from './servers.store';
import { openSettingsStore } from './settings.store';
import { shutdownOnQuit } from './shutdown-on-quit';
import { claimSingleInstance, type SingleInstance } from './single-instance';
import { createTrayController } from './tray';
import { isSafeExternalUrl } from './trusted-url';
import { guardWebContents, isPermissionAllowed, secureWebPreferences } from './window-security';

if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

// A separate profile (tests, a second account): settings, saved servers, default forum
// folder and the single-instance lock all follow userData.
if (process.env.HEARTH_USER_DATA) app.setPath('userData', process.env.HEARTH_USER_DATA);

// One Hearth per user: a second launch focuses the first window and exits.
const instance = claimSingleInstance({
  requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
  quit: () => app.quit(),
  onSecondInstance: (listener) => app.on('second-instance', (_event, argv) => listener(argv)),
});
if (instance) void main(instance);

async function main(instance: SingleInstance): Promise<void> {
  await app.whenReady();
  const paths = appPaths(
    import.meta.dirname,
    app.getPath('userData'),
    app.getPath('logs'),
    process.env,
  );
  const appendLog = openLogFile(paths.logPath);
  const log = (line: string) => {
    console.log(line);
    appendLog(`${new Date().toISOString()} ${line}`);
  };
  const startHidden = process.argv.includes('--hidden');

  const host = createServerHost({
    logPath: paths.logPath,
    appendLog,
    fork: (childLog) => {
      const child = utilityProcess.fork(paths.serverEntry, [], {
        serviceName: 'Hearth forum server',
        stdio: 'pipe',
      });
      const pipe = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line) childLog(line);
      };
      child.stdout?.on('data', pipe);
      child.stderr?.on('data', pipe);
      const wrapped: HostChild = {
        postMessage: (m) => child.postMessage(m),
        onMessage: (l) => child.on('message', l),
        onExit: (l) => child.on('exit', (code) => l(code)),
        kill: () => void child.kill(),
      };
      return wrapped;
    },
  });

  const settings = openSettingsStore(paths.userData, log);
  const controller = new AppController({
    version: app.getVersion(),
    platform: process.platform,
    launcherUrl: paths.launcherUrl,
    logPath: paths.logPath,
    defaultDataDir: paths.defaultDataDir,
    nativeBinding: paths.nativeBinding,
    servers: openServersStore(paths.userData, log),
    settings,
    host,
    networkInterfaces,
    openExternal: (url) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
    },
    showItemInFolder: (path) => shell.showItemInFolder(path),
    copyText: (text) => clipboard.writeText(text),
    pickFolder: async (current) => {
      const result = await dialog.showOpenDialog({
        title: 'Choose the folder for the forum data',
        defaultPath: current,
        properties: ['openDirectory', 'createDirectory'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    showNotice: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    setStartAtLogin: (on) =>
      setStartAtLogin(on, {
        platform: process.platform,
        setLoginItemSettings: (s) => app.setLoginItemSettings(s),
        configDir: app.getPath('appData'),
        execPath: process.env.APPIMAGE ?? process.execPath,
      }),
    startAtLoginSupported: app.isPackaged,
    quit: () => app.quit(),
    log,
    now: () => new Date(),
    startHidden,
  });

  // Permissions: notifications for the forum page, nothing else for anyone.
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, controller.forumOrigin())),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, controller.forumOrigin()),
  );
  ses.setDevicePermissionHandler(() => false);

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 380,
    minHeight: 520,
    show: false,
    title: 'Hearth',
    backgroundColor: '#faf7f2',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(paths.preload, paths.launcherUrl),
  });
  guardWebContents(win.webContents, {
    forumOrigin: controller.forumOrigin,
    openExternal: (url) => void shell.openExternal(url),
    log,
  });
  win.on('close', (event) => controller.onWindowClose(event));
  win.once('ready-to-show', () => {
    if (!startHidden) win.show();
  });

  const initial = settings.get();
  const tray = createTrayController<NativeImage, Menu>(
    {
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      imageFromPngs: (pngs) => {
        const image = nativeImage.createEmpty();
        for (const { scaleFactor, png } of pngs)
          image.addRepresentation({ scaleFactor, buffer: png });
        return image;
      },
      setAppBadgeCount: (count) => void app.setBadgeCount(count),
      setOverlay: (image, description) => win.setOverlayIcon(image, description),
      platform: process.platform,
    },
    {
      open: () => controller.showWindow(),
      copy: (text) => clipboard.writeText(text),
      setDnd: (on) => controller.setDnd(on),
      setQuietHours: (quietHours) => controller.applySettings({ quietHours }),
      setCloseToTray: (closeToTray) => controller.applySettings({ closeToTray }),
      setStartAtLogin: (startAtLogin) => controller.applySettings({ startAtLogin }),
      switchForum: () => controller.switchForum(),
      stopHosting: () => void controller.stopHosting(),
      quit: () => controller.quit(),
    },
    {
      hosting: null,
      dnd: initial.dnd,
      quietHours: initial.quietHours,
      closeToTray: initial.closeToTray,
      startAtLogin: initial.startAtLogin,
      startAtLoginSupported: app.isPackaged,
      unread: 0,
    },
  );
  const notifier = createNotifier({
    create: (options) =>
      new Notification({
        ...options,
        icon: join(import.meta.dirname, '../../build/icons/256x256.png'),
      }),
    isSupported: () => Notification.isSupported(),
    platform: process.platform,
    policyInput: () => controller.policyInput(),
    onClick: (route) => controller.openRoute(route),
  });
  controller.attach(win, tray, notifier);

  const ipc = createIpc(
    ipcMain,
    {
      forumOrigin: controller.forumOrigin,
      launcherUrl: paths.launcherUrl,
      windowId: controller.windowId,
    },
    log,
  );
  registerIpcHandlers(ipc, controller);

  instance.attach(controller);
  app.on('activate', () => controller.showWindow());
  // The window hides to the tray; quitting is explicit, so this only fires on a real close.
  app.on('window-all-closed', () => controller.quit());
  shutdownOnQuit(
    { onBeforeQuit: (listener) => app.on('before-quit', listener), quit: () => app.quit() },
    { shutdown: () => controller.shutdown(), log },
  );

  await controller.startup();
}
