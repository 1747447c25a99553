/**
 * (rooms, issue 11) Room fan-out against the real server in its own process:
 *  1. a room with M members online, R messages/s for T s (from 10 senders): deliveries
 *     expected and received, lost, duplicated, delivery latency p50/p99/max (sender's send
 *     to each member's receipt; one clock, one machine);
 *  2. a room with B members online: one message, time until the last member has it
 *     (median of 5);
 *  3. unread after one message in the B room: rows written on the send path (messages,
 *     events, read pointers), counted in the database;
 * and, in the same run, the baseline: a private message between two of the same online
 * clients (p50 latency), with the room/private ratio.
 * The load generator shares the machine with the server: on a busy machine the figures are
 * upper bounds. Usage: npm run bench -- rooms [--members 1000] [--rate 100] [--duration 10]
 *        [--big 10000]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { migrate } from '../db/migrate';
import { closeDb, openDb } from '../db/open-db';
import { nowMs } from './support/live-ipc';
import { seedLive } from './support/live-seed';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10' },
    big: { type: 'string', default: '10000' },
  },
});
const MEMBERS = Number(values.members);
const RATE = Number(values.rate);
const DURATION_S = Number(values.duration);
const BIG = Number(values.big);

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

const host = fork(join(import.meta.dirname, 'support', 'live-host.ts'), [dir], {
  execArgv: ['--import', 'tsx', '--expose-gc'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const port = await new Promise<number>((resolve) =>
  host.on('message', (m: { type?: string; port?: number }) => {
    if (m.type === 'ready' && m.port) resolve(m.port);
  }),
);
const url = `ws://127.0.0.1:${port}/ws`;

interface Client {
  ws: WebSocket;
  userId: number;
  /** Latencies of room messages received, by clientId. */
  seen: Map<string, number>;
}

/** Opens `n` sockets (after the first `from`), 200 at a time, and resumes each from hello. */
async function connectAll(from: number, n: number): Promise<Client[]> {
  const out: Client[] = [];
  for (let i = from; i < from + n; i += 200) {
    const batch = seed.clients.slice(i, Math.min(i + 200, from + n));
    out.push(
      ...(await Promise.all(
        batch.map(
          (c) =>
            new Promise<Client>((resolve, reject) => {
              const ws = new WebSocket(url, {
                headers: { cookie: c.cookie, origin: `http://127.0.0.1:${port}` },
              });
              const client: Client = { ws, userId: c.userId, seen: new Map() };
              ws.on('message', (data: Buffer) => {
                const s = data.toString();
                if (s.startsWith('{"type":"hello"')) {
                  const last = /"lastEventId":(\d+)/.exec(s)?.[1] ?? '0';
                  ws.send(JSON.stringify({ type: 'resume', payload: { since: Number(last) } }));
                  resolve(client);
                  return;
                }
                // Cheap: no JSON.parse per delivery (the client must not be the bottleneck).
                if (!s.startsWith('{"type":"chat.message"')) return;
                const sent = /"body":"t(\d+\.\d+|\d+)"/.exec(s)?.[1];
                const cid = /"clientId":"([^"]+)"/.exec(s)?.[1];
                if (sent && cid) {
                  const lat = nowMs() - Number(sent);
                  if (client.seen.has(cid)) client.seen.set(`${cid}#dup`, lat);
                  else client.seen.set(cid, lat);
                }
              });
              ws.on('error', reject);
            }),
        ),
      )),
    );
  }
  return out;
}

const send = (c: Client, payload: Record<string, unknown>) =>
  c.ws.send(JSON.stringify({ type: 'chat.send', payload }));

const waitFor = async (cond: () => boolean, limitMs: number): Promise<boolean> => {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
};

// ---- 1. the M-member room under R messages/s ----
let t = Date.now();
const clients = await connectAll(0, MEMBERS);
console.log(`connected ${clients.length} members in ${Date.now() - t} ms`);
const total = RATE * DURATION_S;
t = Date.now();
for (let i = 0; i < total; i++) {
  const at = t + (i * 1000) / RATE;
  const wait = at - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  send(clients[i % 10]!, { conversationId: rooms.small, body: `t${nowMs()}`, clientId: `s${i}` });
}
const expected = total * MEMBERS;
const received = () => clients.reduce((n, c) => n + c.seen.size, 0);
await waitFor(() => received() >= expected, 30_000);
const lat = clients.flatMap((c) =>
  [...c.seen.entries()].filter(([k]) => !k.endsWith('#dup')).map(([, v]) => v),
);
const dups = clients.reduce(
  (n, c) => n + [...c.seen.keys()].filter((k) => k.endsWith('#dup')).length,
  0,
);
console.log(
  `room of ${MEMBERS}, ${RATE} msg/s for ${DURATION_S} s: ${total} messages, ${expected} deliveries expected, ` +
    `${lat.length} received, ${expected - lat.length} lost, ${dups} duplicated; ` +
    `latency p50 ${ms(pct(lat, 50))}, p99 ${ms(pct(lat, 99))}, max ${ms(pct(lat, 100))}`,
);

// ---- baseline: private messages between two of the same clients ----
const dm: number[] = [];
for (let i = 0; i < 50; i++) {
  const to = clients[1]!;
  const cid = `dm${i}`;
  send(clients[0]!, { to: to.userId, body: `t${nowMs()}`, clientId: cid });
  await waitFor(() => to.seen.has(cid), 5000);
  dm.push(to.seen.get(cid) ?? NaN);
}
const dmP50 = pct(dm, 50);
console.log(`baseline, a private message (same run): p50 ${ms(dmP50)}, p99 ${ms(pct(dm, 99))}`);
console.log(`ratio room p50 / private p50: ${(pct(lat, 50) / dmP50).toFixed(1)}×`);

// ---- 2. the BIG-member room: one message to the last member ----
if (BIG > 0) {
  t = Date.now();
  const more = BIG > MEMBERS ? await connectAll(MEMBERS, BIG - MEMBERS) : [];
  const everyone = [...clients, ...more].slice(0, BIG);
  console.log(`connected ${everyone.length} members of the big room in ${Date.now() - t} ms`);
  const lastMember: number[] = [];
  for (let i = 0; i < 5; i++) {
    const cid = `big${i}`;
    const start = nowMs();
    send(everyone[2]!, { conversationId: rooms.big, body: `t${start}`, clientId: cid });
    await waitFor(() => everyone.every((c) => c.seen.has(cid)), 30_000);
    lastMember.push(Math.max(...everyone.map((c) => c.seen.get(cid) ?? Infinity)));
  }
  console.log(
    `room of ${BIG}: one message to the last member, median of 5: ${ms(pct(lastMember, 50))} ` +
      `(all: ${lastMember.map((x) => x.toFixed(0)).join(', ')} ms)`,
  );
  // ---- 3. what one message wrote ----
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
    `room of ${BIG} after 5 messages: ${String(msgs)} message rows, ${String(events)} event rows, ` +
      `${String(pointers)} read pointers moved (no per-member write on the send path)`,
  );
  closeDb(db);
  for (const c of more) c.ws.terminate();
}

for (const c of clients) c.ws.terminate();
host.send({ cmd: 'stop' });
await new Promise((r) => host.on('exit', r));
rmSync(dir, { recursive: true, force: true });
