/**
 * Composition root of the desktop app: Electron set-up only. Behaviour lives in small
 * modules (desktop-app.ts and its parts, and the policies next to them) that take
 * Electron in as arguments.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  crashReporter,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  type NativeImage,
  Notification,
  screen,
  session,
  shell,
  Tray,
  utilityProcess,
} from 'electron';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { APP_USER_MODEL_ID } from './app-identity';
import { isStartAtLogin, setStartAtLogin } from './autostart';
import { copyToClipboard } from './clipboard';
import { contextMenuTemplate, dictionaryDownloadUrl } from './context-menu';
import { createCrashPolicy, describeGone } from './crash-policy';
import { createDesktopApp } from './desktop-app';
import { runProgram } from './run-program';
import { ignoredDevVariables, readAppEnv } from './dev-env';
import { createIpc } from './ipc';
import { registerIpcHandlers } from './ipc-handlers';
import { openLogFile } from './log-file';
import { createNotifier } from './notifier';
import { appPaths } from './paths';
import { createServerHost, type HostChild } from './server-host';
import { openServersStore } from './servers.store';
import { browseForums } from '../../server/lan/discovery';
import type { FoundForum } from '@common/lan';
import { certificateVerifier } from './cert-pinning';
import { setUpDeepLinks } from './deep-links';
import { markSaved, pinsForHost } from './lan-forums';
import { openSettingsStore } from './settings.store';
import { shutdownOnQuit } from './shutdown-on-quit';
import { claimSingleInstance, type SingleInstance } from './single-instance';
import { runGuarded } from './startup-guard';
import { createTrayController, noTray } from './tray';
import { effectiveCloseToTray, hasStatusNotifierWatcher, trayIsShown } from './tray-support';
import { guardWebContents, isPermissionAllowed, secureWebPreferences } from './window-security';
import { openWindowStateStore, placementToRestore, trackPlacement } from './window-state';

if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

// Crash dumps stay on this computer (app.getPath('crashDumps')); nothing is uploaded.
crashReporter.start({ uploadToServer: false });

const env = readAppEnv(process.env, app.isPackaged);

// A separate profile (tests, a second profile in a dev checkout): settings, saved servers,
// default forum folder and the single-instance lock all follow userData.
if (env.userData) app.setPath('userData', env.userData);

// One Hearth per user: a second launch focuses the first window and exits.
const instance = claimSingleInstance({
  requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
  quit: () => app.quit(),
  onSecondInstance: (listener) => app.on('second-instance', (_event, argv) => listener(argv)),
});
if (instance) {
  // A failed start must not leave a windowless process holding the lock.
  const logPath = () => join(app.getPath('logs'), 'server.log');
  void runGuarded(() => main(instance), {
    showError: (title, content) => dialog.showErrorBox(title, content),
    logPath,
    log: (line) => {
      console.error(line);
      openLogFile(logPath())(`${new Date().toISOString()} ${line}`);
    },
    exit: (code) => app.exit(code),
  });
}

async function main(instance: SingleInstance): Promise<void> {
  await app.whenReady();
  const paths = appPaths(import.meta.dirname, app.getPath('userData'), app.getPath('logs'), env);
  const appendLog = openLogFile(paths.logPath);
  const log = (line: string) => {
    console.log(line);
    appendLog(`${new Date().toISOString()} ${line}`);
  };
  const ignored = ignoredDevVariables(process.env, app.isPackaged);
  if (ignored.length > 0) log(`[app] packaged app: ignoring ${ignored.join(', ')}`);
  const startHidden = isStartAtLogin(process.argv, process.platform, () =>
    app.getLoginItemSettings(),
  );
  app.on('child-process-gone', (_event, details) => log(describeGone('child', details)));

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

  // Until the session bus answers (tray-support.ts), guess from the desktop's name.
  const trayInput = {
    platform: process.platform,
    currentDesktop: process.env.XDG_CURRENT_DESKTOP,
    statusNotifierWatcher: null as boolean | null,
    trayCreated: true,
  };
  const settings = openSettingsStore(paths.userData, log);
  const servers = openServersStore(paths.userData, log);
  // The discovery browser starts after the window is set up; the doctor asks it lazily.
  let lanList: () => FoundForum[] = () => [];
  const desktop = createDesktopApp({
    version: app.getVersion(),
    launcherUrl: paths.launcherUrl,
    defaultDataDir: paths.defaultDataDir,
    nativeBinding: paths.nativeBinding,
    servers,
    settings,
    host,
    networkInterfaces,
    trayShown: () => trayIsShown(trayInput),
    showNotice: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    setStartAtLogin: (on) =>
      setStartAtLogin(on, {
        platform: process.platform,
        setLoginItemSettings: (s) => app.setLoginItemSettings(s),
        configDir: app.getPath('appData'),
        execPath: env.appImage ?? process.execPath,
      }),
    quit: () => app.quit(),
    log,
    now: () => new Date(),
    runCommand: runProgram,
    foundForums: () => lanList(),
  });
  const { router, launcher, hosting } = desktop;
  const copyText = (text: string) =>
    copyToClipboard(clipboard, text, { log, tell: (message) => launcher.notice(message) });

  // Permissions: notifications for the forum page, nothing else for anyone.
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, router.forumOrigin())),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, router.forumOrigin()),
  );
  ses.setDevicePermissionHandler(() => false);
  // Forums joined over HTTPS are trusted by their pinned certificate, never by a CA; hosts
  // with no pin keep Chromium's own verdict (cert-pinning.ts).
  ses.setCertificateVerifyProc(
    certificateVerifier({
      pinsFor: (hostname) => [
        ...pinsForHost(servers.list(), hostname),
        ...hosting.pinsFor(hostname),
      ],
      onRefused: (hostname, verdict) => {
        log(`[tls] refused the certificate of ${hostname}: ${verdict.kind}`);
        launcher.notice(
          `${hostname} presented a certificate other than the one you trusted, so Hearth did not load it. Join it again from the launcher to see both fingerprints.`,
        );
      },
    }),
  );
  // Before any page loads: no dictionary is ever fetched from the default CDN.
  const dictionaries = dictionaryDownloadUrl(process.platform);
  if (dictionaries) ses.setSpellCheckerDictionaryDownloadURL(dictionaries);

  const placements = openWindowStateStore(paths.userData, log);
  const placement = placementToRestore(placements.get(), screen.getAllDisplays());
  const win = new BrowserWindow({
    ...(placement.bounds ?? { width: 1280, height: 800 }),
    minWidth: 380,
    minHeight: 520,
    show: false,
    title: 'Hearth',
    backgroundColor: '#faf7f2',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(paths.preload, paths.launcherUrl),
  });
  // maximize() would show a hidden window: wait until it is shown (not at a hidden start).
  if (placement.maximized) win.once('show', () => win.maximize());
  trackPlacement(
    win,
    (bounds) => screen.getDisplayMatching(bounds),
    (display, p) => placements.save(display, p),
  );
  guardWebContents(win.webContents, {
    forumOrigin: router.forumOrigin,
    openExternal: (url) => void shell.openExternal(url),
    log,
  });
  win.webContents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, {
      replaceMisspelling: (word) => win.webContents.replaceMisspelling(word),
      addToDictionary: (word) => void ses.addWordToSpellCheckerDictionary(word),
      copyLink: (url) => void copyText(url),
    });
    Menu.buildFromTemplate(template).popup({ window: win });
  });
  const crashes = createCrashPolicy({
    logPath: paths.logPath,
    crashDumps: app.getPath('crashDumps'),
    now: () => Date.now(),
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    log(describeGone('renderer', details));
    const decision = crashes.onRendererGone(details);
    if (decision.action === 'reload') void router.reloadAfterCrash(decision.notice);
    else if (decision.action === 'give-up') {
      void dialog.showMessageBox({
        type: 'error',
        title: 'Hearth',
        message: 'The Hearth window keeps stopping',
        detail: decision.message,
      });
    }
  });
  win.on('close', (event) => router.onWindowClose(event));
  win.once('ready-to-show', () => {
    if (!startHidden) win.show();
  });

  const initial = settings.get();
  const tray = createTrayController<NativeImage, Menu>(
    {
      createTray: (image) => {
        try {
          return new Tray(image);
        } catch (err) {
          log(`[tray] no tray icon: ${err instanceof Error ? err.message : String(err)}`);
          trayInput.trayCreated = false;
          return noTray();
        }
      },
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
      open: () => router.showWindow(),
      copy: (text) => void copyText(text),
      setDnd: (dnd) => desktop.applySettings({ dnd }),
      setQuietHours: (quietHours) => desktop.applySettings({ quietHours }),
      setCloseToTray: (closeToTray) => desktop.applySettings({ closeToTray }),
      setStartAtLogin: (startAtLogin) => desktop.applySettings({ startAtLogin }),
      switchForum: () => void router.showLauncher(),
      stopHosting: () => void launcher.stopHosting(),
      quit: () => router.quit(),
    },
    {
      hosting: null,
      dnd: initial.dnd,
      quietHours: initial.quietHours,
      closeToTray: effectiveCloseToTray(initial.closeToTray, trayIsShown(trayInput)),
      startAtLogin: initial.startAtLogin,
      startAtLoginSupported: app.isPackaged,
      unread: 0,
    },
  );
  if (process.platform === 'linux') {
    void hasStatusNotifierWatcher().then((watcher) => {
      trayInput.statusNotifierWatcher = watcher;
      log(
        `[tray] status notifier watcher: ${watcher ?? 'unknown'}; tray shown: ${trayIsShown(trayInput)}`,
      );
      desktop.applySettings({}); // the menu's checkbox shows the effective choice
    });
  }
  const notifier = createNotifier({
    create: (options) =>
      new Notification({
        ...options,
        icon: join(import.meta.dirname, '../../build/icons/256x256.png'),
      }),
    isSupported: () => Notification.isSupported(),
    platform: process.platform,
    policyInput: () => router.policyInput(),
    onClick: (route) => router.openRoute(route),
    fallback: (n, firstFailure) => desktop.showInApp(n, firstFailure),
    log,
  });
  router.attach(win, tray, notifier);

  const ipc = createIpc(
    ipcMain,
    {
      forumOrigin: router.forumOrigin,
      launcherUrl: paths.launcherUrl,
      windowId: router.windowId,
    },
    log,
  );
  registerIpcHandlers(ipc, desktop, {
    version: app.getVersion(),
    pickFolder: async (current) => {
      const result = await dialog.showOpenDialog({
        title: 'Choose the folder for the forum data',
        defaultPath: current,
        properties: ['openDirectory', 'createDirectory'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    showLog: () => shell.showItemInFolder(paths.logPath),
    copyText,
  });

  instance.attach(router);
  // The Join list: forums announced on the LAN, live, saved ones marked.
  const lan = browseForums({
    onChange: (forums) => router.launcherForums(markSaved(forums, servers.list())),
    onError: (err) => log(`[lan] discovery unavailable: ${String(err)}`),
  });
  lanList = () => lan.list();
  app.on('will-quit', () => void lan.stop());
  // hearth:// invite links: this launch's argv, later launches' argv, macOS open-url.
  const links = setUpDeepLinks(
    {
      setAsDefaultProtocolClient: (scheme, path, args) =>
        path
          ? app.setAsDefaultProtocolClient(scheme, path, args)
          : app.setAsDefaultProtocolClient(scheme),
      onOpenUrl: (listener) =>
        app.on('open-url', (event, url) => {
          event.preventDefault();
          listener(url);
        }),
    },
    {
      argv: process.argv,
      ...(app.isPackaged
        ? {}
        : { devLaunch: { execPath: process.execPath, appPath: app.getAppPath() } }),
      log,
    },
  );
  app.on('second-instance', (_event, argv) => links.fromArgv(argv));
  links.attach({
    // An invite that carries the fingerprint pins it; a bare address goes through the prompt.
    openJoin: (target) =>
      void (
        target.fingerprint
          ? launcher.trustAndJoin(target.url, target.fingerprint)
          : launcher.join(target.url)
      ).then((result) => {
        if (!result.ok) launcher.notice(result.message);
      }),
    notice: (text) => launcher.notice(text),
  });
  app.on('activate', () => router.showWindow());
  // The window hides to the tray; quitting is explicit, so this only fires on a real close.
  app.on('window-all-closed', () => router.quit());
  shutdownOnQuit(
    { onBeforeQuit: (listener) => app.on('before-quit', listener), quit: () => app.quit() },
    { shutdown: () => desktop.shutdown(), log },
  );

  await launcher.startup(startHidden);
}
