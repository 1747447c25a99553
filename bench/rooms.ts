/**
 * (rooms, issue 11) Room fan-out against the real server in its own process:
 *  1. a room with M members online, R messages/s for T s (from 10 senders): deliveries
 *     expected and received (M × R × T), lost, duplicated, delivery latency p50/p99/max
 *     (sender's send to each member's receipt; one clock, one machine);
 *  2. a room with B members online: one message, time until the last member has it
 *     (median of 5), and the server's own share of it: from the send to the end of the
 *     tick that wrote the frame to every member's socket (the group commit, then the writes);
 *  3. unread after one message in the B room: rows written on the send path (messages,
 *     events, read pointers), counted in the database;
 * and, in the same run, the baseline: a private message between two of the same online
 * clients (p50 latency), with the room/private ratio; the server's CPU per delivery; and
 * the members' processes' CPU per frame received.
 *
 * The members are held by load processes (support/rooms-load.ts, the minimal client of
 * support/raw-ws.ts). On one machine they share its cores with the server, while real members
 * bring their own machines. So 1 and 2 run twice: first with the load processes at the
 * server's CPU priority, then (unless `--nice 0`) at `nice` 19, which lets the server take a
 * core when it needs one, as it would with the members elsewhere: both figures are printed,
 * each labelled. (The second pass has the B room's members connected too, idle.)
 * Usage: npm run bench -- rooms [--members 1000] [--rate 100] [--duration 10] [--big 10000]
 *        [--workers 2] [--nice 19]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../db/migrate';
import { closeDb, openDb } from '../db/open-db';
import type { ServerStats } from './support/live-ipc';
import type { RoomsHostCommand, RoomsHostReply, RoomsTick } from './support/rooms-host';
import type { RoomsLoadCommand, RoomsLoadReply } from './support/rooms-load';
import { seedLive } from './support/live-seed';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10' },
    big: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '2' },
    nice: { type: 'string', default: '19' },
  },
});
const MEMBERS = Number(values.members);
const RATE = Number(values.rate);
const DURATION_S = Number(values.duration);
const BIG = Number(values.big);
const WORKERS = Math.max(1, Number(values.workers));
const NICE = Math.min(19, Math.max(0, Number(values.nice)));

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'hearth-rooms-bench-'));
const dbPath = join(dir, 'hearth.db');
const seed = seedLive(dbPath, Math.max(MEMBERS, BIG) + 2, 0);

/** Two rooms straight in the database: the first MEMBERS users, and the first BIG. */
function seedRooms(): { small: number; big: number } {
  const db = openDb(dbPath);
  migrate(db);
  const at = new Date().toISOString();
  const make = db.prepare<[string, string], { id: number }>(
    `INSERT INTO conversations (kind, name, created_at) VALUES ('room', ?, ?) RETURNING id`,
  );
  const member = db.prepare<[number, number, string], never>(
    'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
  );
  const span = db.prepare<[number, number], never>(
    'INSERT INTO conversation_spans (user_id, conversation_id, from_event_id) VALUES (?, ?, 0)',
  );
  const rooms = db.transaction(() => {
    const small = make.get('bench-small', at)!.id;
    const big = make.get('bench-big', at)!.id;
    seed.clients.forEach((c, i) => {
      for (const [room, size] of [
        [small, MEMBERS],
        [big, BIG],
      ] as const) {
        if (i >= size) continue;
        member.run(room, c.userId, at);
        span.run(c.userId, room);
      }
    });
    return { small, big };
  })();
  closeDb(db);
  return rooms;
}
const rooms = seedRooms();

// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server process there.
const prof = process.env.BENCH_CPU_PROF;
const host = fork(join(import.meta.dirname, 'support', 'rooms-host.ts'), [dir], {
  execArgv: ['--import', 'tsx', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const port = await new Promise<number>((resolve) =>
  host.on('message', (m: { type?: string; port?: number }) => {
    if (m.type === 'ready' && m.port) resolve(m.port);
  }),
);
const serverCpuMs = (): Promise<number> =>
  new Promise((resolve) => {
    const on = (m: { type?: string; stats?: ServerStats }): void => {
      if (m.type !== 'stats' || !m.stats) return;
      host.off('message', on);
      resolve(m.stats.cpuMicros / 1000);
    };
    host.on('message', on);
    host.send({ cmd: 'stats' });
  });

/** The server's ticks since `since` (wall ms) that wrote to at least `minSockets` sockets. */
const serverTicks = (since: number, minSockets: number): Promise<RoomsTick[]> =>
  new Promise((resolve) => {
    const on = (m: RoomsHostReply | { type?: string }): void => {
      if (m.type !== 'ticks') return;
      host.off('message', on);
      resolve((m as RoomsHostReply).ticks);
    };
    host.on('message', on);
    host.send({ cmd: 'ticks', since, minSockets } satisfies RoomsHostCommand);
  });

/** One load process and a way to ask it something and wait for its answer. */
interface Worker {
  ask<T extends RoomsLoadReply['type']>(
    c: RoomsLoadCommand,
    type: T,
  ): Promise<Extract<RoomsLoadReply, { type: T }>>;
}
const workers: Worker[] = Array.from({ length: WORKERS }, () => {
  const child = fork(join(import.meta.dirname, 'support', 'rooms-load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    ask: <T extends RoomsLoadReply['type']>(c: RoomsLoadCommand, type: T) =>
      new Promise<Extract<RoomsLoadReply, { type: T }>>((resolve) => {
        const on = (m: RoomsLoadReply): void => {
          if (m.type !== type) return;
          child.off('message', on);
          resolve(m as Extract<RoomsLoadReply, { type: T }>);
        };
        child.on('message', on);
        child.send(c);
      }),
  };
});
const all = <T extends RoomsLoadReply['type']>(
  make: (i: number) => RoomsLoadCommand,
  type: T,
): Promise<Extract<RoomsLoadReply, { type: T }>[]> =>
  Promise.all(workers.map((w, i) => w.ask(make(i), type)));

/** Seeds [from, from + n) spread over the workers in contiguous slices (the first worker
 * gets the first members: the senders). */
async function connectAll(from: number, n: number): Promise<number> {
  const per = Math.ceil(n / WORKERS);
  const replies = await all(
    (i) => ({
      cmd: 'connect',
      port,
      clients: seed.clients.slice(from + i * per, Math.min(from + n, from + (i + 1) * per)),
    }),
    'connected',
  );
  return replies.reduce((f, r) => f + r.failed, 0);
}

/** Announces a run of `count` messages to every worker (clientIds `<prefix><n>`). */
const expectRun = (prefix: string, count: number) =>
  all(() => ({ cmd: 'expect', prefix, count }), 'expecting');

/** What every worker received of the run `prefix` (`full`: with every latency). */
async function collect(prefix: string, full = true) {
  const replies = await all(() => ({ cmd: 'collect', prefix, full }), 'collected');
  return {
    received: replies.reduce((n, r) => n + r.received, 0),
    duplicated: replies.reduce((n, r) => n + r.duplicated, 0),
    latencies: replies.flatMap((r) => r.tenthsMs.map((t) => t / 10)),
    lastMs: Math.max(...replies.map((r) => r.lastMs)),
    loadCpuUs: replies.reduce((n, r) => n + r.cpuUs, 0),
    frames: replies.reduce((n, r) => n + r.frames, 0),
  };
}

const waitFor = async (cond: () => Promise<boolean>, limitMs: number): Promise<boolean> => {
  const end = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
};
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const stageCpu = (ticks: RoomsTick[], name: string): number =>
  sum(ticks.map((t) => t.stages.find((s) => s.name === name)?.cpuUs ?? 0));

/** 1: the M-member room under R messages/s; `label` says at which priority the members ran. */
async function roomRun(prefix: string, label: string): Promise<number> {
  const total = RATE * DURATION_S;
  const expected = total * MEMBERS;
  await expectRun(prefix, total);
  const cpuBefore = await serverCpuMs();
  const since = Date.now();
  await workers[0]!.ask(
    { cmd: 'send', conversationId: rooms.small, count: total, perSecond: RATE, prefix },
    'sent',
  );
  await waitFor(async () => (await collect(prefix, false)).received >= expected, 30_000);
  const cpuMs = (await serverCpuMs()) - cpuBefore;
  const got = await collect(prefix);
  const ticks = await serverTicks(since, 1);
  const flushCpuUs = stageCpu(ticks, 'socket writes');
  const written = sum(ticks.map((t) => t.sockets));
  console.log(`--- room of ${MEMBERS}, ${label}`);
  console.log(
    `room of ${MEMBERS}, ${RATE} msg/s for ${DURATION_S} s: ${total} messages × ${MEMBERS} members = ` +
      `${expected} deliveries expected (${RATE * MEMBERS} a second), ${got.received} received, ` +
      `${expected - got.received} lost, ${got.duplicated} duplicated; ` +
      `latency p50 ${ms(pct(got.latencies, 50))}, p99 ${ms(pct(got.latencies, 99))}, max ${ms(got.lastMs)}`,
  );
  console.log(
    `server CPU ${cpuMs.toFixed(0)} ms (${((cpuMs / 1000 / DURATION_S) * 100).toFixed(0)} % of a core ` +
      `over the ${DURATION_S} s): ${((got.received / cpuMs) * 1000).toFixed(0)} deliveries per CPU-second, ` +
      `${((cpuMs * 1000) / got.received).toFixed(2)} µs per delivery; its socket-write stage ` +
      `${(flushCpuUs / 1000).toFixed(0)} ms for ${written} socket writes in ${ticks.length} ticks ` +
      `(${(flushCpuUs / Math.max(1, written)).toFixed(2)} µs per write, each carrying the ` +
      `frames queued since the last: ${(flushCpuUs / Math.max(1, got.received)).toFixed(2)} µs per delivery)`,
  );
  console.log(
    `members' processes: ${(got.loadCpuUs / 1000).toFixed(0)} ms of CPU for ${got.frames} frames ` +
      `(${(got.loadCpuUs / Math.max(1, got.frames)).toFixed(2)} µs per frame received)`,
  );
  return pct(got.latencies, 50);
}

/** 2: the B-member room, one message at a time, 5 times. */
async function bigRun(prefix: string, label: string): Promise<void> {
  const lastMember: number[] = [];
  const server: { total: number; commit: number; writes: number; cpu: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const run = `${prefix}${'abcde'[i]}-`;
    await expectRun(run, 1);
    const { at } = await workers[0]!.ask(
      { cmd: 'send', conversationId: rooms.big, count: 1, perSecond: 1, prefix: run },
      'sent',
    );
    await waitFor(async () => (await collect(run, false)).received >= BIG, 30_000);
    const got = await collect(run);
    lastMember.push(got.received >= BIG ? got.lastMs : Infinity);
    // The tick that wrote the message to (nearly) every member: its end, from the send.
    const [tick] = await serverTicks(at - 1, Math.floor(BIG * 0.9));
    if (tick) {
      const stage = (name: string) => tick.stages.find((s) => s.name === name);
      const tickMs = sum(tick.stages.map((s) => s.ms));
      server.push({
        total: tick.startedAt + tickMs - at,
        commit: stage('chat group commit')?.ms ?? NaN,
        writes: stage('socket writes')?.ms ?? NaN,
        cpu: stage('socket writes')?.cpuUs ?? NaN,
      });
    }
  }
  const med = (f: (x: (typeof server)[number]) => number): string => ms(pct(server.map(f), 50));
  console.log(`--- room of ${BIG}, ${label}`);
  console.log(
    `room of ${BIG}: one message to the last member, median of 5: ${ms(pct(lastMember, 50))} ` +
      `(all: ${lastMember.map((x) => x.toFixed(0)).join(', ')} ms)`,
  );
  console.log(
    `… of which the server's (medians of ${server.length}): from the send to its last socket write ` +
      `${med((x) => x.total)} (all: ${server.map((x) => x.total.toFixed(0)).join(', ')} ms); ` +
      `its tick: group commit ${med((x) => x.commit)}, writing the frame to the ${BIG} sockets ` +
      `${med((x) => x.writes)} (${(
        (pct(
          server.map((x) => x.cpu),
          50,
        ) ?? NaN) / BIG
      ).toFixed(2)} µs of CPU each)`,
  );
}

// ---- 1. the M-member room under R messages/s ----
let t = Date.now();
let failed = await connectAll(0, MEMBERS);
console.log(
  `connected ${MEMBERS - failed} members in ${Date.now() - t} ms (${WORKERS} load processes)`,
);
const SAME = "members' processes at the server's CPU priority";
const NICED = `members' processes at nice ${NICE} (standing in for members' own machines)`;
const roomP50 = await roomRun('s', SAME);

// ---- baseline: private messages between two of the same clients ----
const dm = (await workers[0]!.ask({ cmd: 'dm', count: 50 }, 'dm')).latenciesMs;
const dmP50 = pct(dm, 50);
console.log(`baseline, a private message (same run): p50 ${ms(dmP50)}, p99 ${ms(pct(dm, 99))}`);
console.log(`ratio room p50 / private p50: ${(roomP50 / dmP50).toFixed(1)}×`);

// ---- 2. the BIG-member room: one message to the last member ----
if (BIG > 0) {
  t = Date.now();
  failed = BIG > MEMBERS ? await connectAll(MEMBERS, BIG - MEMBERS) : 0;
  console.log(`connected ${BIG - failed} members of the big room in ${Date.now() - t} ms`);
  await bigRun('big', SAME);
}

// ---- 1 and 2 again, the members' processes at a lower CPU priority ----
if (NICE > 0) {
  await all(() => ({ cmd: 'nice', value: NICE }), 'niced');
  await roomRun('n', NICED);
  if (BIG > 0) await bigRun('nbig', NICED);
}

// ---- 3. what the big room's messages wrote ----
if (BIG > 0) {
  const sends = NICE > 0 ? 10 : 5;
  const db = openDb(dbPath);
  const pointers = db
    .prepare(
      'SELECT count(*) FROM conversation_members WHERE conversation_id = ? AND last_read_id > 0',
    )
    .pluck()
    .get(rooms.big);
  const msgs = db
    .prepare('SELECT count(*) FROM messages WHERE conversation_id = ?')
    .pluck()
    .get(rooms.big);
  const events = db
    .prepare('SELECT count(*) FROM events WHERE conversation_id = ?')
    .pluck()
    .get(rooms.big);
  console.log(
    `room of ${BIG} after ${sends} messages: ${String(msgs)} message rows, ${String(events)} event rows, ` +
      `${String(pointers)} read pointers moved (no per-member write on the send path)`,
  );
  closeDb(db);
}

await all(() => ({ cmd: 'close' }), 'closed');
host.send({ cmd: 'stop' });
await new Promise((r) => host.on('exit', r));
rmSync(dir, { recursive: true, force: true });
