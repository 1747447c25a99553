/**
 * Server CPU per WebSocket connect (issue 15, reconnect storms), with the server in this
 * process: `live-seed.ts` users and sessions, the forum as the bench hosts start it
 * (`startBenchServer`'s options), and N real clients from two `live-load.ts` processes (the
 * same minimal client as `live.ts`, each sending `resume` after `hello`). Round 1 connects
 * everyone to the fresh server (`live.ts`'s cold connect figure, its JIT warm-up included);
 * each later round first closes every client and waits for the server to see them gone
 * (a steadier figure: the code is compiled by then). Prints µs of CPU per connect: the whole
 * process (process.cpuUsage: all threads, as `live.ts` reports) and the main thread alone
 * (process.threadCpuUsage: the event loop).
 * Usage: node --import tsx --expose-gc bench/support/connect-micro.ts [--clients 1000] [--rounds 4]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { subscribe } from 'node:diagnostics_channel';
import { FLUSH_CHANNEL, type FlushCount } from '../../server/live/outbound-queue';
import { createForumServer, type ForumServer } from '../../server/index';
import type { LoadCommand, LoadReply } from './live-ipc';
import { seedLive } from './live-seed';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '100' },
  },
});
const CLIENTS = Number(values.clients);
const ROUNDS = Number(values.rounds);
const WORKERS = 2;

/** CPU ticks (user + system, 1/100 s) per thread (name:tid), from /proc (Linux; empty elsewhere). */
function threadTicks(): Map<string, number> {
  const byName = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      byName.set(`${name}:${tid}`, ticks);
    }
  } catch {
    // Not Linux: no breakdown.
  }
  return byName;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A load process: one request at a time, replies in order. */
function startLoad(): {
  proc: ChildProcess;
  ready: Promise<LoadReply>;
  request(cmd: LoadCommand): Promise<LoadReply>;
} {
  const proc = fork(join(import.meta.dirname, 'live-load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((r: LoadReply) => void)[] = [];
  proc.on('message', (m) => waiting.shift()?.(m as LoadReply));
  // It says `ready` once listening for commands.
  const ready = new Promise<LoadReply>((resolve) => waiting.push(resolve));
  return {
    proc,
    ready,
    request: (cmd) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        proc.send(cmd);
      }),
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-connect-micro-'));
const seed = seedLive(join(dataDir, 'hearth.db'), CLIENTS, 0);
let server: ForumServer | undefined;
const loads = Array.from({ length: WORKERS }, startLoad);
try {
  server = await createForumServer({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    rateLimit: false,
    staticDir: null,
    logLevel: 'error',
    bcryptCost: 10,
  });
  const url = `http://127.0.0.1:${server.port}`;
  await Promise.all(loads.map((l) => l.ready));
  const per = Math.ceil(CLIENTS / WORKERS);
  const live = server.live;
  // Socket writes by the tick's last stage (presence batches, unread updates; the greeting's
  // own write is not counted there).
  let tickWrites = 0;
  subscribe(FLUSH_CHANNEL, (m) => (tickWrites += (m as FlushCount).sockets));
  // CONNECT_HEAP_PROF=<file>: V8's sampling heap profile of the last round, every allocation
  // counted (also those a GC collected): where a connect's garbage comes from.
  const heapProf = process.env.CONNECT_HEAP_PROF;
  const inspector = heapProf ? new Session() : null;
  inspector?.connect();
  for (let round = 1; round <= ROUNDS; round++) {
    if (inspector && round === ROUNDS) {
      await inspector.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    }
    global.gc?.();
    const cpu0 = process.cpuUsage();
    const thread0 = process.threadCpuUsage();
    const ticks0 = threadTicks();
    const t0 = performance.now();
    tickWrites = 0;
    const replies = await Promise.all(
      loads.map((l, i) =>
        l.request({
          cmd: 'connect',
          target: 'hearth',
          url,
          clients: seed.clients.slice(i * per, (i + 1) * per),
          userCount: CLIENTS,
          concurrency: Number(values.concurrency),
        }),
      ),
    );
    const ms = performance.now() - t0;
    const writes = tickWrites;
    if (inspector && heapProf && round === ROUNDS) {
      const { profile } = await inspector.post('HeapProfiler.stopSampling');
      writeFileSync(heapProf, JSON.stringify(profile));
    }
    const cpu = process.cpuUsage(cpu0);
    const thread = process.threadCpuUsage(thread0);
    const ticks = threadTicks();
    let connected = 0;
    for (const r of replies) if (r.type === 'connected') connected += r.connected;
    const perConn = (us: number): string => (us / Math.max(1, connected)).toFixed(0);
    console.log(
      `round ${round}${round === 1 ? ' (cold)' : ''}: ${connected} connected in ${ms.toFixed(0)} ms, ` +
        `${perConn(cpu.user + cpu.system)} µs CPU per connect (main thread ${perConn(thread.user + thread.system)}), ` +
        `${(writes / Math.max(1, connected)).toFixed(2)} tick writes per connect`,
    );
    // Where the CPU off the event loop went (GC helpers, compilers, the thread pool…), ms.
    const off = [...ticks]
      .map(([name, t]) => [name, (t - (ticks0.get(name) ?? 0)) * 10] as const)
      .filter(([, ms]) => ms > 0)
      .sort((a, b) => b[1] - a[1]);
    console.log(`  by thread (ms): ${off.map(([n, ms]) => `${n} ${ms}`).join(', ')}`);
    await Promise.all(loads.map((l) => l.request({ cmd: 'disconnect' })));
    const until = performance.now() + 15_000;
    while (live.stats().sockets > 0 && performance.now() < until) await sleep(50);
    await sleep(300);
  }
} finally {
  for (const l of loads) l.proc.kill();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
}
