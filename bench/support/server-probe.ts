/**
 * Runs inside each server child (Hearth and the baselines): answers the parent's IPC
 * commands with the process's own figures, so CPU, RSS and event-loop delay are measured
 * where the work happens.
 */
import type { Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerCommand, ServerReply, ServerStats } from './live-ipc';

export function serveProbe(opts: { connections: () => number; stop: () => Promise<void> }): void {
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const reply = (m: ServerReply) => process.send?.(m);
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (raw) => {
    const m = raw as ServerCommand;
    switch (m.cmd) {
      case 'stats': {
        const cpu = process.cpuUsage();
        const mem = process.memoryUsage();
        const stats: ServerStats = {
          rssBytes: mem.rss,
          heapUsedBytes: mem.heapUsed,
          cpuMicros: cpu.user + cpu.system,
          eldP50Ms: eld.percentile(50) / 1e6,
          eldP99Ms: eld.percentile(99) / 1e6,
          eldMaxMs: eld.max / 1e6,
          connections: opts.connections(),
        };
        reply({ type: 'stats', stats });
        return;
      }
      case 'eld-reset':
        eld.reset();
        reply({ type: 'ok' });
        return;
      case 'gc':
        gc?.();
        gc?.();
        reply({ type: 'ok' });
        return;
      case 'stop':
        void opts.stop().then(() => process.exit(0));
        return;
    }
  });
}

/** Listens on a random port below 32768 (retrying when taken); returns the port. */
export async function listenLowPort(listen: (port: number) => Promise<void>): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    try {
      await listen(port);
      return port;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EADDRINUSE' || attempt > 50) throw err;
    }
  }
}

/** `listenLowPort` for a plain node:http server on 127.0.0.1 (the baselines). */
export function listenHttpLowPort(server: Server): Promise<number> {
  return listenLowPort(
    (p) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      }),
  );
}
