/**
 * The live layer under load, against the real server in its own process, with the load
 * generators in other processes (one process holds at most ~19k sockets here):
 *  1. N authenticated clients connect: time to connect them all, RSS per idle connection;
 *  2. R DMs/s for T s: sent, delivered, lost, p50/p99/max latency (sender's clock to
 *     recipient's), server CPU and event-loop delay p99. Who writes to whom (--pairs):
 *     `random` (the default, the workload issue 15's targets are defined on): a random client
 *     to anyone, so nearly every DM is its pair's first and also makes the conversation;
 *     `contacts`: each client has K contacts (--contacts, default 10) fixed before the run,
 *     whose direct conversations the seed makes (support/live-seed.ts), and writes to one of
 *     them: DMs between people who have talked before. Every target gets the same pairs;
 *  3. a login burst (50 logins at bcrypt cost 10) during DM load: event-loop delay p99;
 *  4. broadcast rounds: a new post to all N, time until the last client has it, CPU per delivery.
 * The same run measures two baselines on the same machine: a bare `ws` relay (no auth, no
 * DB: the ceiling) and a minimal socket.io chat on the same SQLite, and prints the ratios.
 * Usage: npm run bench -- live [--clients 1000] [--rate 2000] [--duration 10] [--repeat 1]
 *        [--targets hearth,ws-relay,socketio] [--workers N] [--broadcasts 5] [--logins 50]
 *        [--pairs random|contacts] [--contacts 10]
 *        [--wait-quiet] (before each run, wait for the machine to be ≥ 85% idle)
 *        [--tuning '{"groupCommitPausePercent":200}'] (Hearth's `live` options, to compare)
 * BENCH_DM_TRACE=<file>: where each DM's time went inside the server (support/live-trace.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { measureCommitFloor, type CommitFloor } from './support/commit-floor';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  nowMs,
  type LoadCommand,
  type LoadReply,
  type ServerCommand,
  type ServerReply,
  type ServerStats,
  type Target,
} from './support/live-ipc';
import { seedLive, type LiveSeed } from './support/live-seed';
import { STEPS, type TraceSummary } from './support/live-trace';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '1' },
    targets: { type: 'string', default: 'hearth,ws-relay,socketio' },
    workers: { type: 'string' },
    broadcasts: { type: 'string', default: '5' },
    logins: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '100' },
    'wait-quiet': { type: 'boolean', default: false },
    tuning: { type: 'string', default: '{}' },
    pairs: { type: 'string', default: 'random' },
    contacts: { type: 'string', default: '10' },
  },
});
const CLIENTS = Number(values.clients);
const RATE = Number(values.rate);
const DURATION_MS = Number(values.duration) * 1000;
const REPEAT = Number(values.repeat);
const TARGETS = values.targets.split(',') as Target[];
const WORKERS = Number(values.workers ?? Math.max(2, Math.ceil(CLIENTS / 5000)));
const BROADCASTS = Number(values.broadcasts);
const LOGINS = Number(values.logins);
const CONCURRENCY = Number(values.concurrency);
const WAIT_QUIET = values['wait-quiet'];
/** Hearth's `live` options for this run, as JSON (e.g. '{"groupCommitPausePercent":200}'). */
const TUNING = values.tuning;
if (values.pairs !== 'random' && values.pairs !== 'contacts') {
  throw new Error(`--pairs is random or contacts, not ${values.pairs}`);
}
const PAIRS: 'random' | 'contacts' = values.pairs;
const CONTACTS = PAIRS === 'contacts' ? Number(values.contacts) : 0;
/** Which pairs the DMs go between, for the printout (header and figures). */
const PAIRING =
  PAIRS === 'random'
    ? 'DMs between random pairs (--pairs random, the default)'
    : `DMs to one of ${CONTACTS} contacts each, conversations made by the seed (--pairs contacts)`;

const TARGET = {
  connect10kMs: 3000,
  rssPerConnKB: 12,
  p99Ms: 20,
  broadcast10kMs: 150,
  loginEldP99Ms: 20,
  vsSocketIo: 1.5,
};

/** Issue 15 ("Faster durable chat"): absolute latencies, the rest against this run's baselines. */
const TARGET_15 = {
  p50Ms: 2,
  p99Ms: 12,
  /** Deliveries per CPU-second, at least this share of the bare relay's. */
  vsRelayCpu: 0.6,
  /** Time to connect every client to a fresh server, at most this multiple of the relay's. */
  vsRelayConnect: 1.5,
  /** At 10,000 clients: deliveries per CPU-second, at least this multiple of socket.io's. */
  vsSocketIo10k: 1.5,
};

const ROOT = join(import.meta.dirname, '..');
const SCRIPTS: Record<Target, string> = {
  hearth: join(ROOT, 'bench/support/live-host.ts'),
  'ws-relay': join(ROOT, 'bench/baselines/ws-relay.ts'),
  socketio: join(ROOT, 'bench/baselines/socketio-chat.ts'),
};

// ---- child processes with a request/reply IPC ----

class Child<Cmd extends object, Reply extends { type: string }> {
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m) => {
      const r = m as Reply;
      const w = this.waiting.shift();
      if (!w) return;
      if (r.type === 'failed') w.reject(new Error((r as { message?: string }).message));
      else w.resolve(r);
    });
    this.exited = new Promise((r) =>
      proc.on('exit', (code) => {
        for (const w of this.waiting.splice(0)) w.reject(new Error(`child exited (${code})`));
        r(code);
      }),
    );
  }

  static start<C extends object, R extends { type: string }>(
    script: string,
    args: string[],
    extraExecArgv: string[] = [],
  ) {
    const proc = fork(script, args, {
      execArgv: ['--import', 'tsx', '--expose-gc', ...extraExecArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Child<C, R>(proc);
  }

  /** Waits for the next message (replies come in order). */
  next(): Promise<Reply> {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async request<T extends Reply['type']>(cmd: Cmd): Promise<Extract<Reply, { type: T }>> {
    const reply = this.next();
    this.proc.send(cmd);
    return (await reply) as Extract<Reply, { type: T }>;
  }
}

type ServerChild = Child<ServerCommand, ServerReply>;
type LoadChild = Child<LoadCommand, LoadReply>;

const stats = async (s: ServerChild): Promise<ServerStats> =>
  (await s.request<'stats'>({ cmd: 'stats' })).stats;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

/** Idle share of all CPUs over `ms`, from /proc/stat (Linux); null elsewhere. */
async function idleShare(ms: number): Promise<number | null> {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8')
        .split('\n')[0]!
        .trim()
        .split(/\s+/)
        .slice(1)
        .map(Number);
      return { idle: (f[3] ?? 0) + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await sleep(ms);
  const b = read();
  return a && b ? (b.idle - a.idle) / Math.max(1, b.total - a.total) : null;
}

/** --wait-quiet: others' work skews every figure, so wait (up to 15 min) for an idle machine. */
async function waitQuiet(): Promise<void> {
  if (!WAIT_QUIET) return;
  const started = nowMs();
  for (;;) {
    const idle = await idleShare(3000);
    if (idle === null || idle >= 0.85) break;
    if (nowMs() - started > 15 * 60_000) {
      console.log('  (the machine did not get quiet within 15 min: measuring anyway)');
      return;
    }
  }
  const waited = (nowMs() - started) / 1000;
  if (waited > 4) console.log(`  (waited ${waited.toFixed(0)} s for a quiet machine)`);
}

// ---- one target, one run ----

interface RunResult {
  target: Target;
  connected: number;
  failed: number;
  connectMs: number;
  /** Server CPU (user + system) spent while every client connected to the fresh server. */
  connectCpuMs: number;
  reconnectMs: number;
  rssIdleMB: number;
  rssPerConnKB: number;
  heapPerConnKB: number;
  sent: number;
  delivered: number;
  lost: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  dmCpuMs: number;
  deliveriesPerCpuSec: number;
  dmEldP99Ms: number;
  loginEldP99Ms: number | null;
  loginEldBaselineP99Ms: number | null;
  loginsDone: number | null;
  loginMs: number | null;
  broadcastMs: number;
  broadcastReached: number;
  broadcastCpuUsPerDelivery: number;
}

async function login(url: string, who: { nickname: string; password: string }): Promise<void> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: who.nickname, password: who.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
}

async function runTarget(target: Target, dataDir: string, seed: LiveSeed): Promise<RunResult> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server process there.
  const prof = process.env.BENCH_CPU_PROF;
  const server = Child.start<ServerCommand, ServerReply>(
    SCRIPTS[target],
    target === 'hearth' ? [dataDir, TUNING] : [dataDir],
    prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [],
  );
  const ready = await server.next();
  if (ready.type !== 'ready') throw new Error(`${target} did not start`);
  const url = `http://127.0.0.1:${ready.port}`;
  const workers: LoadChild[] = Array.from({ length: WORKERS }, () =>
    Child.start<LoadCommand, LoadReply>(join(ROOT, 'bench/support/live-load.ts'), []),
  );
  await Promise.all(workers.map((w) => w.next())); // loaded and listening
  const all = <T extends LoadReply['type']>(cmd: LoadCommand) =>
    Promise.all(workers.map((w) => w.request<T>(cmd)));
  const pid = server.proc.pid;

  try {
    // 1. connect: a first round on the fresh server (its time is the cold connect figure),
    // then everyone leaves and comes back. The second round is measured for memory, so the
    // one-off growth of a first crowd (SQLite page cache, heap spaces) is not counted as a
    // per-connection cost.
    const per = Math.ceil(seed.clients.length / WORKERS);
    const connectAll = async () => {
      const started = nowMs();
      const replies = await Promise.all(
        workers.map((w, i) =>
          w.request<'connected'>({
            cmd: 'connect',
            target,
            url,
            clients: seed.clients.slice(i * per, (i + 1) * per),
            userCount: seed.clients.length,
            concurrency: CONCURRENCY,
          }),
        ),
      );
      return {
        ms: nowMs() - started,
        connected: replies.reduce((n, c) => n + c.connected, 0),
        failed: replies.reduce((n, c) => n + c.failed, 0),
      };
    };
    const coldCpu0 = (await stats(server)).cpuMicros;
    const cold = await connectAll();
    const connectCpuMs = ((await stats(server)).cpuMicros - coldCpu0) / 1000;
    await sleep(500);
    await all({ cmd: 'disconnect' });
    const gone = nowMs() + 15_000;
    while ((await stats(server)).connections > 0 && nowMs() < gone) await sleep(50);
    await sleep(500);
    await server.request({ cmd: 'gc' });
    const before = await stats(server);
    const warm = await connectAll();
    const { connected, failed } = warm;
    await sleep(1000);
    await server.request({ cmd: 'gc' });
    const idle = await stats(server);
    const rssPerConnKB = (idle.rssBytes - before.rssBytes) / 1024 / Math.max(1, connected);
    const heapPerConnKB =
      (idle.heapUsedBytes - before.heapUsedBytes) / 1024 / Math.max(1, connected);

    // 2. DMs
    await server.request({ cmd: 'eld-reset' });
    const cpu0 = idle.cpuMicros;
    const sentReplies = await all<'dm-done'>({
      cmd: 'dm',
      perSecond: RATE / WORKERS,
      durationMs: DURATION_MS,
    });
    const sent = sentReplies.reduce((n, r) => n + r.sent, 0);
    let collected = await all<'collected'>({ cmd: 'collect' });
    const drainUntil = nowMs() + 10_000;
    while (collected.reduce((n, c) => n + c.delivered, 0) < sent && nowMs() < drainUntil) {
      await sleep(100);
      collected = await all<'collected'>({ cmd: 'collect' });
    }
    const afterDm = await stats(server);
    const delivered = collected.reduce((n, c) => n + c.delivered, 0);
    const latencies = collected.flatMap((c) => c.latenciesMs).sort((a, b) => a - b);
    const dmCpuMs = (afterDm.cpuMicros - cpu0) / 1000;

    // 3. login burst during DM load (Hearth only: the baselines have no passwords)
    let loginEldP99Ms: number | null = null;
    let loginEldBaselineP99Ms: number | null = null;
    let loginsDone: number | null = null;
    let loginMs: number | null = null;
    if (target === 'hearth' && LOGINS > 0) {
      const load = all<'dm-done'>({ cmd: 'dm', perSecond: RATE / WORKERS, durationMs: 8000 });
      await sleep(1000);
      await server.request({ cmd: 'eld-reset' });
      await sleep(1500);
      loginEldBaselineP99Ms = (await stats(server)).eldP99Ms;
      await server.request({ cmd: 'eld-reset' });
      const t = nowMs();
      const results = await Promise.allSettled(
        seed.logins.slice(0, LOGINS).map((w) => login(url, w)),
      );
      loginMs = nowMs() - t;
      loginEldP99Ms = (await stats(server)).eldP99Ms;
      loginsDone = results.filter((r) => r.status === 'fulfilled').length;
      await load;
      await sleep(500);
    }

    // 4. broadcasts
    const rounds: { ms: number; reached: number; cpuUs: number }[] = [];
    for (let i = 0; i < BROADCASTS; i++) {
      await all({ cmd: 'broadcast-reset' });
      const c0 = (await stats(server)).cpuMicros;
      const { at } = await workers[0]!.request<'broadcast-triggered'>({
        cmd: 'broadcast-trigger',
        cookie: seed.clients[0]!.cookie,
      });
      let got = await all<'broadcast-received'>({ cmd: 'broadcast-collect' });
      const until = nowMs() + 10_000;
      while (got.reduce((n, g) => n + g.count, 0) < connected && nowMs() < until) {
        await sleep(20);
        got = await all<'broadcast-received'>({ cmd: 'broadcast-collect' });
      }
      const c1 = (await stats(server)).cpuMicros;
      const reached = got.reduce((n, g) => n + g.count, 0);
      const lastAt = Math.max(...got.map((g) => g.lastAt));
      rounds.push({ ms: lastAt - at, reached, cpuUs: (c1 - c0) / Math.max(1, reached) });
      await sleep(200);
    }

    return {
      target,
      connected,
      failed,
      connectMs: cold.ms,
      connectCpuMs,
      reconnectMs: warm.ms,
      rssIdleMB: idle.rssBytes / 1024 / 1024,
      rssPerConnKB,
      heapPerConnKB,
      sent,
      delivered,
      lost: sent - delivered,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? NaN,
      dmCpuMs,
      deliveriesPerCpuSec: delivered / (dmCpuMs / 1000),
      dmEldP99Ms: afterDm.eldP99Ms,
      loginEldP99Ms,
      loginEldBaselineP99Ms,
      loginsDone,
      loginMs,
      broadcastMs: median(rounds.map((r) => r.ms)),
      broadcastReached: Math.min(...rounds.map((r) => r.reached)),
      broadcastCpuUsPerDelivery: median(rounds.map((r) => r.cpuUs)),
    };
  } finally {
    await Promise.all(workers.map((w) => w.request({ cmd: 'close' }).catch(() => undefined)));
    server.proc.send({ cmd: 'stop' } satisfies ServerCommand);
    const timeout = setTimeout(() => server.proc.kill('SIGKILL'), 15_000);
    await server.exited;
    clearTimeout(timeout);
    void pid;
    if (target === 'hearth') printDmTrace();
  }
}

/** BENCH_DM_TRACE=<file>: where the host's DMs spent their time (support/live-trace.ts). */
function printDmTrace(): void {
  const file = process.env.BENCH_DM_TRACE;
  if (!file) return;
  let t: TraceSummary;
  try {
    t = JSON.parse(readFileSync(file, 'utf8')) as TraceSummary;
  } catch {
    console.log(`  (no DM trace in ${file})`);
    return;
  }
  console.log(
    `  DM trace: ${t.dms} DMs in ${t.batches} batches (mean ${t.batchMean}, ${Math.round(t.batchOnes * 100)}% of 1); ms from the previous step p50 / p90 / p99 / mean:`,
  );
  for (const step of STEPS) {
    const s = t.steps[step];
    console.log(`    ${step.padEnd(10)} ${s.p50} / ${s.p90} / ${s.p99} / ${s.mean}`);
  }
  console.log(`    send → written: p50 ${t.toWritten.p50}, p99 ${t.toWritten.p99}`);
  console.log(`    tick stages, CPU µs per DM: ${JSON.stringify(t.stageCpuPerDm)}`);
  console.log(`    tick stages, ms per batch: ${JSON.stringify(t.stageMsPerBatch)}`);
  const slow = t.slowest.map((b) => `${b.size}: ${b.commitMs} + ${b.syncMs}`).join(', ');
  console.log(`    slowest batches (DMs: ms commit + ms fsync): ${slow}`);
  const c = t.checkpoints;
  if (!c) return;
  console.log(
    `    checkpoints: ${c.count} (+${c.busy} busy, ${c.restarts} WAL restarts), ms p50 / p90 / max ${c.ms.p50} / ${c.ms.p90} / ${c.ms.max}, ` +
      `${Math.round(c.busyShare * 100)}% of the time; ${c.copiedMean} frames copied each, WAL up to ${c.walFramesMax} frames`,
  );
  console.log(
    `    fsync during a checkpoint p50 / p99 ${c.syncDuring.p50} / ${c.syncDuring.p99} ms (${c.syncDuring.n} batches), ` +
      `outside ${c.syncOutside.p50} / ${c.syncOutside.p99} ms (${c.syncOutside.n}); DMs overlapping one: ` +
      `${Math.round(c.dmShareAll * 100)}% of all, ${Math.round(c.dmShareSlowest * 100)}% of the slowest 1%`,
  );
}

// ---- main ----

/** This disk's commit time, measured before the runs (see support/commit-floor.ts). */
let floor: CommitFloor | null = null;
const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-live-'));
try {
  console.log(
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `clients ${fmt(CLIENTS)} in ${WORKERS} load processes, ${fmt(RATE)} DMs/s for ${DURATION_MS / 1000} s, ` +
      `${BROADCASTS} broadcasts, ${LOGINS} logins, repeat ${REPEAT}; targets: ${TARGETS.join(', ')}`,
  );
  console.log(`pairs: ${PAIRING}`);
  const seedStart = nowMs();
  const seedDb = join(dir, 'seed.db');
  const seed = seedLive(seedDb, CLIENTS, LOGINS, CONTACTS);
  console.log(
    `seeded ${fmt(CLIENTS)} users with sessions` +
      (seed.conversations ? ` and ${fmt(seed.conversations)} direct conversations` : '') +
      ` in ${fmt(nowMs() - seedStart)} ms`,
  );
  floor = measureCommitFloor(dir);
  console.log(
    `durability floor: one synchronous=FULL commit here takes p50 ${fmt(floor.p50Ms, 2)} ms, ` +
      `p99 ${fmt(floor.p99Ms, 2)} ms (no durable DM is delivered sooner)\n`,
  );

  const runs: RunResult[] = [];
  for (let r = 0; r < REPEAT; r++) {
    for (const target of TARGETS) {
      await waitQuiet();
      // Every run starts from the same seeded database: a database grown by the previous
      // runs (tens of thousands of messages) would make each run slower than the last.
      const runDir = mkdtempSync(join(dir, 'run-'));
      copyFileSync(seedDb, join(runDir, 'hearth.db'));
      const result = await runTarget(target, runDir, seed);
      rmSync(runDir, { recursive: true, force: true });
      runs.push(result);
      console.log(
        `run ${r + 1}/${REPEAT} ${target} (pairs ${PAIRS}): connected ${result.connected} in ${fmt(result.connectMs)} ms, ` +
          `${fmt(result.delivered)}/${fmt(result.sent)} DMs, p99 ${fmt(result.p99Ms, 1)} ms, ` +
          `CPU ${fmt(result.dmCpuMs)} ms, broadcast ${fmt(result.broadcastMs, 1)} ms`,
      );
    }
  }
  report(runs);
  const out = join(import.meta.dirname, '.results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `live-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { clients: CLIENTS, rate: RATE, pairs: PAIRS, contacts: CONTACTS, runs },
      null,
      2,
    ),
  );
  console.log(`\nraw figures: ${file}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function report(runs: RunResult[]): void {
  const by = (t: Target) => runs.filter((r) => r.target === t);
  const med = (t: Target, f: (r: RunResult) => number | null) => {
    const xs = by(t)
      .map(f)
      .filter((x): x is number => x !== null && Number.isFinite(x));
    return xs.length ? median(xs) : NaN;
  };
  const rows: [string, (r: RunResult) => number | null, number][] = [
    ['connected', (r) => r.connected, 0],
    ['failed to connect', (r) => r.failed, 0],
    ['time to connect all, fresh server (ms)', (r) => r.connectMs, 0],
    ['server CPU to connect all, fresh server (ms)', (r) => r.connectCpuMs, 0],
    ['time to reconnect all (ms)', (r) => r.reconnectMs, 0],
    ['server RSS idle (MB)', (r) => r.rssIdleMB, 1],
    ['RSS per idle connection (KB)', (r) => r.rssPerConnKB, 1],
    ['  of which JS heap (KB)', (r) => r.heapPerConnKB, 1],
    ['DMs sent', (r) => r.sent, 0],
    ['DMs delivered', (r) => r.delivered, 0],
    ['DMs lost', (r) => r.lost, 0],
    ['latency p50 (ms)', (r) => r.p50Ms, 2],
    ['latency p99 (ms)', (r) => r.p99Ms, 2],
    ['latency max (ms)', (r) => r.maxMs, 1],
    ['server CPU during DMs (ms)', (r) => r.dmCpuMs, 0],
    ['deliveries per CPU-second', (r) => r.deliveriesPerCpuSec, 0],
    ['event-loop delay p99, DMs (ms)', (r) => r.dmEldP99Ms, 2],
    ['event-loop delay p99, DMs only (ms)', (r) => r.loginEldBaselineP99Ms, 2],
    ['event-loop delay p99, DMs + 50 logins (ms)', (r) => r.loginEldP99Ms, 2],
    ['logins done / time (ms)', (r) => r.loginMs, 0],
    ['broadcast: time to last client (ms)', (r) => r.broadcastMs, 1],
    ['broadcast: clients reached', (r) => r.broadcastReached, 0],
    ['broadcast: server CPU per delivery (µs)', (r) => r.broadcastCpuUsPerDelivery, 2],
  ];
  const targets = TARGETS;
  const header = ['', ...targets.map((t) => `${t}${REPEAT > 1 ? ' (median)' : ''}`)];
  const table = rows.map(([name, f, d]) => [name, ...targets.map((t) => fmt(med(t, f), d))]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${PAIRING}:`);
  console.log(line(header));
  for (const row of table) console.log(line(row));

  if (targets.includes('hearth')) {
    const h = (f: (r: RunResult) => number | null) => med('hearth', f);
    console.log(`\nratios (Hearth ÷ baseline, same run, pairs ${PAIRS}):`);
    for (const base of targets.filter((t) => t !== 'hearth')) {
      const b = (f: (r: RunResult) => number | null) => med(base, f);
      console.log(
        `  vs ${base}: deliveries per CPU-second ×${fmt(h((r) => r.deliveriesPerCpuSec) / b((r) => r.deliveriesPerCpuSec), 2)}, ` +
          `p99 latency ×${fmt(h((r) => r.p99Ms) / b((r) => r.p99Ms), 2)}, ` +
          `RSS per connection ×${fmt(h((r) => r.rssPerConnKB) / b((r) => r.rssPerConnKB), 2)}, ` +
          `connect time ×${fmt(h((r) => r.connectMs) / b((r) => r.connectMs), 2)}, ` +
          `broadcast time ×${fmt(h((r) => r.broadcastMs) / b((r) => r.broadcastMs), 2)}`,
      );
    }
    const scale = CLIENTS / 10_000;
    console.log('\ntargets (issue 3, 2-core machine):');
    const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
    if (CLIENTS >= 10_000) {
      console.log(
        `  ${fmt(CLIENTS)} connected ≤ ${TARGET.connect10kMs} ms: ${fmt(h((r) => r.connectMs))} ms → ${check(h((r) => r.connectMs) <= TARGET.connect10kMs)}`,
      );
      console.log(
        `  broadcast to ${fmt(CLIENTS)} ≤ ${TARGET.broadcast10kMs} ms: ${fmt(
          h((r) => r.broadcastMs),
          1,
        )} ms → ${check(h((r) => r.broadcastMs) <= TARGET.broadcast10kMs)}`,
      );
    } else {
      console.log(
        `  (connect and broadcast targets are for 10,000 clients; this run has ${fmt(CLIENTS)}, scale ${scale})`,
      );
    }
    console.log(
      `  RSS per idle connection ≤ ${TARGET.rssPerConnKB} KB: ${fmt(
        h((r) => r.rssPerConnKB),
        1,
      )} KB → ${check(h((r) => r.rssPerConnKB) <= TARGET.rssPerConnKB)}`,
    );
    console.log(
      `  ${fmt(RATE)} DMs/s at p99 ≤ ${TARGET.p99Ms} ms, 0 lost: p99 ${fmt(
        h((r) => r.p99Ms),
        2,
      )} ms, lost ${fmt(h((r) => r.lost))} → ${check(h((r) => r.p99Ms) <= TARGET.p99Ms && h((r) => r.lost) === 0)}`,
    );
    console.log(
      `  event-loop delay p99 ≤ ${TARGET.loginEldP99Ms} ms during the login burst: ${fmt(
        h((r) => r.loginEldP99Ms),
        2,
      )} ms → ${check(h((r) => r.loginEldP99Ms) <= TARGET.loginEldP99Ms)}`,
    );
    if (targets.includes('socketio')) {
      const ratio = h((r) => r.deliveriesPerCpuSec) / med('socketio', (r) => r.deliveriesPerCpuSec);
      console.log(
        `  ≥ ${TARGET.vsSocketIo}× socket.io's deliveries per CPU-second: ×${fmt(ratio, 2)} → ${check(ratio >= TARGET.vsSocketIo)}`,
      );
    }
    reportIssue15(h, med, check);
  }
}

/** Issue 15's targets: DM latency, CPU and reconnect storms, as ratios against this run's baselines. */
function reportIssue15(
  h: (f: (r: RunResult) => number | null) => number,
  med: (t: Target, f: (r: RunResult) => number | null) => number,
  check: (ok: boolean) => string,
): void {
  const t = TARGET_15;
  const p50 = h((r) => r.p50Ms);
  const p99 = h((r) => r.p99Ms);
  const lost = h((r) => r.lost);
  console.log(
    `\ntargets (issue 15, faster durable chat; ${REPEAT > 1 ? 'medians' : 'one run: use --repeat 3'}):`,
  );
  if (PAIRS !== 'random') {
    console.log(
      `  (measured with --pairs ${PAIRS}: the targets are defined on the default, --pairs random)`,
    );
  }
  console.log(`  DM latency p50 ≤ ${t.p50Ms} ms: ${fmt(p50, 2)} ms → ${check(p50 <= t.p50Ms)}`);
  if (floor) {
    console.log(
      `    (this disk's commit alone: p50 ${fmt(floor.p50Ms, 2)} ms, p99 ${fmt(floor.p99Ms, 2)} ms; ` +
        `DM p50 is ×${fmt(p50 / floor.p50Ms, 2)} of it)`,
    );
  }
  console.log(`  DM latency p99 ≤ ${t.p99Ms} ms: ${fmt(p99, 2)} ms → ${check(p99 <= t.p99Ms)}`);
  console.log(`  0 DMs lost: ${fmt(lost)} → ${check(lost === 0)}`);
  if (TARGETS.includes('ws-relay')) {
    const cpu = h((r) => r.deliveriesPerCpuSec) / med('ws-relay', (r) => r.deliveriesPerCpuSec);
    const connect = h((r) => r.connectMs) / med('ws-relay', (r) => r.connectMs);
    const connectCpu = h((r) => r.connectCpuMs) / med('ws-relay', (r) => r.connectCpuMs);
    console.log(
      `  deliveries per CPU-second ≥ ${t.vsRelayCpu}× the relay's: ×${fmt(cpu, 2)} → ${check(cpu >= t.vsRelayCpu)}`,
    );
    console.log(
      `  connect ${fmt(CLIENTS)} to a fresh server ≤ ${t.vsRelayConnect}× the relay's time: ×${fmt(connect, 2)} ` +
        `(${fmt(h((r) => r.connectMs))} ms vs ${fmt(med('ws-relay', (r) => r.connectMs))} ms) → ${check(connect <= t.vsRelayConnect)}`,
    );
    console.log(
      `    (server CPU for that connect: ×${fmt(connectCpu, 2)} the relay's, ` +
        `${fmt(h((r) => r.connectCpuMs))} ms vs ${fmt(med('ws-relay', (r) => r.connectCpuMs))} ms)`,
    );
  } else {
    console.log(
      '  (the CPU and connect targets are ratios to the relay: add ws-relay to --targets)',
    );
  }
  if (CLIENTS >= 10_000) {
    if (TARGETS.includes('socketio')) {
      const ratio = h((r) => r.deliveriesPerCpuSec) / med('socketio', (r) => r.deliveriesPerCpuSec);
      console.log(
        `  at ${fmt(CLIENTS)}: deliveries per CPU-second ≥ ${t.vsSocketIo10k}× socket.io's: ×${fmt(ratio, 2)} → ${check(ratio >= t.vsSocketIo10k)}`,
      );
    } else {
      console.log(
        '  (the 10,000-client CPU target is a ratio to socket.io: add socketio to --targets)',
      );
    }
  } else {
    console.log(
      `  (deliveries per CPU-second vs socket.io is a 10,000-client target: --clients 10000)`,
    );
  }
}
