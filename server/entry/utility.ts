/**
 * The forum server as the desktop app hosts it: forked by the main process in an Electron
 * utilityProcess (or, in tests, a Node child process) and driven over the parent port with
 * the messages in common/host-protocol.ts. It never imports Electron: only
 * `process.parentPort` (utilityProcess) or `process.send` (Node IPC) is used.
 */
import {
  childMessageSchema,
  parentMessageSchema,
  type ChildMessage,
  type HostStartConfig,
} from '../../common/host-protocol';
import { createForumServer } from '../index';

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

interface Channel {
  send(message: ChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

function openChannel(): Channel {
  const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(childMessageSchema.parse(m)),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    return {
      send: (m) => send(childMessageSchema.parse(m)),
      onMessage: (l) => process.on('message', l),
    };
  }
  throw new Error('server/entry/utility.ts must be forked by the desktop host (no parent port).');
}

type ForumServer = Awaited<ReturnType<typeof createForumServer>>;

const STATS_INTERVAL_MS = 2000;

function startFailure(err: unknown, config: HostStartConfig): ChildMessage {
  const e = err as NodeJS.ErrnoException & { syscall?: string };
  if (e.code === 'EADDRINUSE') {
    // Either port: the HTTPS one, or the plain one beside it (Node names it on the error).
    const named = (e as { port?: unknown }).port;
    const taken = typeof named === 'number' ? named : config.port;
    return {
      type: 'start-failed',
      code: 'PORT_IN_USE',
      message: `Port ${taken} is already in use on ${config.host}.`,
    };
  }
  if (e.code === 'EACCES' && e.syscall === 'listen') {
    return {
      type: 'start-failed',
      code: 'ACCESS_DENIED',
      message: `Not allowed to listen on port ${config.port}; pick a port above 1024.`,
    };
  }
  if (e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'ENOSPC' || e.code === 'ENOTDIR') {
    return {
      type: 'start-failed',
      code: 'DATA_DIR',
      message: `The data folder ${config.dataDir} cannot be used (${e.code}).`,
    };
  }
  return {
    type: 'start-failed',
    code: 'UNKNOWN',
    message: err instanceof Error ? err.message : String(err),
  };
}

function main(): void {
  const channel = openChannel();
  let server: ForumServer | null = null;
  let starting = false;
  let stopping: Promise<void> | null = null;

  // "Hosting at … · N online" in the tray and the launcher: sent when the number changes,
  // checked every 2 s (presence is batched on the server anyway, so this is not behind).
  let statsTimer: NodeJS.Timeout | null = null;
  const reportOnline = (started: ForumServer): void => {
    let last = -1;
    const report = () => {
      const online = started.live.stats().online;
      if (online === last) return;
      last = online;
      try {
        channel.send({ type: 'stats', online });
      } catch {
        // The parent is gone: the disconnect handler stops the server.
      }
    };
    report();
    statsTimer = setInterval(report, STATS_INTERVAL_MS);
    statsTimer.unref();
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (statsTimer) clearInterval(statsTimer);
      try {
        // close() ends the sockets, checkpoints the WAL and closes the database.
        await server?.close();
        console.log('[host] server closed');
      } catch (err) {
        console.error('[host] error while closing', err);
      }
      try {
        channel.send({ type: 'stopped' });
      } catch {
        // The parent is gone; exit anyway.
      }
      // Let the message flush before exiting.
      setTimeout(() => process.exit(0), 50);
    })();
    return stopping;
  };

  channel.onMessage((raw) => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.error('[host] ignored a malformed message from the parent');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start': {
        if (server || starting) return;
        starting = true;
        const { config } = message;
        createForumServer({
          dataDir: config.dataDir,
          host: config.host,
          port: config.port,
          forumName: config.forumName,
          // The app's forum announces itself when it listens on the LAN ("Everyone on my
          // network"); the server never announces a loopback host ("Only this computer").
          advertise: config.advertise ?? true,
          https: config.https ?? false,
          ...(config.https && config.httpPort != null ? { httpPort: config.httpPort } : {}),
          ...(config.nativeBinding ? { sqliteNativeBinding: config.nativeBinding } : {}),
        })
          .then((started) => {
            server = started;
            console.log(`[host] listening on ${started.url} (data: ${config.dataDir})`);
            const setupUrl = started.setupUrl();
            channel.send({
              type: 'ready',
              url: started.url,
              port: started.port,
              ...(setupUrl === null ? {} : { setupUrl }),
              ...(started.certificate ? { fingerprint: started.certificate.sha256 } : {}),
              ...(started.plainHttp ? { plainPort: started.plainHttp.port } : {}),
            });
            reportOnline(started);
          })
          .catch((err: unknown) => {
            console.error('[host] start failed:', err);
            channel.send(startFailure(err, config));
            setTimeout(() => process.exit(2), 50);
          });
        return;
      }
      case 'stop':
        void stop();
        return;
    }
  });

  // A Node parent (tests, headless tools) that goes away must not leave the port bound.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  channel.send({ type: 'hello', pid: process.pid });
}

main();
