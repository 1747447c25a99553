/**
 * Every IPC call the pages can make, with who may make it and its argument schema. Adding
 * a call: name it in ../ipc-channels.ts, register it here, expose it in the preload, and
 * type it in common/desktop.ts.
 */
import { z } from 'zod';
import { DESKTOP_CHANNELS, LAUNCHER_CHANNELS } from '../ipc-channels';
import type { AppController } from './app-controller';
import type { Ipc } from './ipc';

const port = z.number().int().min(1).max(65535);
const notification = z.strictObject({
  title: z.string().max(1000),
  body: z.string().max(20_000),
  route: z.string().max(512),
  tag: z.string().min(1).max(200),
});
const hostRequest = z.strictObject({
  forumName: z.string().trim().min(1, 'Give the forum a name').max(80),
  port,
  dataDir: z.string().min(1).max(4096),
  lanVisible: z.boolean(),
});
const address = z.string().max(2048);
const id = z.string().min(1).max(5000);

export function registerIpcHandlers(ipc: Ipc, app: AppController): void {
  // The forum page (window.desktop).
  ipc.on(DESKTOP_CHANNELS.notify, 'forum', z.tuple([notification]), ([n]) => app.notify(n));
  ipc.on(
    DESKTOP_CHANNELS.setUnreadCount,
    'forum',
    z.tuple([z.number().int().min(0).max(1e9)]),
    ([n]) => app.setUnread(n),
  );
  ipc.handle(DESKTOP_CHANNELS.getInfo, 'forum', z.tuple([]), () => app.info());
  ipc.on(DESKTOP_CHANNELS.switchForum, 'forum', z.tuple([]), () => app.switchForum());

  // The bundled launcher page (window.launcher).
  ipc.handle(LAUNCHER_CHANNELS.getState, 'launcher', z.tuple([]), () => app.launcherState());
  ipc.handle(LAUNCHER_CHANNELS.checkPort, 'launcher', z.tuple([port, z.boolean()]), ([p, lan]) =>
    app.checkPort(p, lan),
  );
  ipc.handle(
    LAUNCHER_CHANNELS.chooseDataDir,
    'launcher',
    z.tuple([z.string().max(4096)]),
    ([current]) => app.pickFolder(current),
  );
  ipc.handle(LAUNCHER_CHANNELS.host, 'launcher', z.tuple([hostRequest]), ([request]) =>
    app.host(request),
  );
  ipc.handle(LAUNCHER_CHANNELS.testConnection, 'launcher', z.tuple([address]), ([a]) =>
    app.testConnection(a),
  );
  ipc.handle(LAUNCHER_CHANNELS.join, 'launcher', z.tuple([address]), ([a]) => app.join(a));
  ipc.handle(LAUNCHER_CHANNELS.open, 'launcher', z.tuple([id]), ([i]) => app.open(i));
  ipc.handle(LAUNCHER_CHANNELS.remove, 'launcher', z.tuple([id]), ([i]) => app.remove(i));
  ipc.on(LAUNCHER_CHANNELS.showLog, 'launcher', z.tuple([]), () => app.showLog());
  ipc.on(LAUNCHER_CHANNELS.copyText, 'launcher', z.tuple([z.string().max(2048)]), ([t]) =>
    app.copyText(t),
  );
}
