/**
 * Messages between bench/live.ts (the parent), the server under test (one child process)
 * and the load generators (other child processes), over Node's IPC channel.
 */

/** Which server a load generator talks to. */
export type Target = 'hearth' | 'ws-relay' | 'socketio';

export interface ClientSeed {
  userId: number;
  /** `hearth_<forum id>=…` (ignored by the ws relay, which takes the user id from the URL). */
  cookie: string;
  /** `--pairs contacts`: the user ids this client writes to (absent: anyone, at random). */
  contacts?: number[];
}

// ---- parent → server child ----
export type ServerCommand =
  { cmd: 'stats' } | { cmd: 'eld-reset' } | { cmd: 'gc' } | { cmd: 'stop' };

export interface ServerStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** process.cpuUsage(): user + system, all threads, microseconds. */
  cpuMicros: number;
  /** Event-loop delay since the last `eld-reset`, milliseconds. */
  eldP50Ms: number;
  eldP99Ms: number;
  eldMaxMs: number;
  connections: number;
}

// ---- server child → parent ----
export type ServerReply =
  { type: 'ready'; port: number } | { type: 'stats'; stats: ServerStats } | { type: 'ok' };

// ---- parent → load generator ----
export type LoadCommand =
  | {
      cmd: 'connect';
      target: Target;
      url: string;
      clients: ClientSeed[];
      /** Every user id in the run: DM recipients are drawn from these. */
      userCount: number;
      concurrency: number;
    }
  | { cmd: 'disconnect' }
  | { cmd: 'dm'; perSecond: number; durationMs: number }
  | { cmd: 'collect' }
  | { cmd: 'broadcast-reset' }
  | { cmd: 'broadcast-trigger'; cookie: string }
  | { cmd: 'broadcast-collect' }
  | { cmd: 'close' };

// ---- load generator → parent ----
export type LoadReply =
  | { type: 'ready' }
  | { type: 'connected'; connected: number; failed: number; ms: number }
  | { type: 'disconnected' }
  | { type: 'dm-done'; sent: number }
  | { type: 'collected'; delivered: number; acked: number; latenciesMs: number[]; errors: number }
  | { type: 'broadcast-triggered'; at: number }
  | { type: 'broadcast-received'; count: number; lastAt: number }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/** Ports below the ephemeral range (32768+), so 10,000 client sockets never collide with it. */
export function randomServerPort(): number {
  return 20_000 + Math.floor(Math.random() * 12_000);
}
