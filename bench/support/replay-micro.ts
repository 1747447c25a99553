/**
 * What a `resume`'s replay costs, in-process (issue 15, seventh pass): a real file with
 * `--users` users, each a member of 3 rooms, and `--dms` private messages between random
 * pairs (as live.ts: most pairs new), written by `ChatService.commit`; then
 * `store.events.replay(user, last - gap, 1001)` for `--samples` users at each gap (events
 * the user was away for), µs of CPU per replay and rows returned, medians of `--rounds`.
 * The same script runs on two trees to compare their event logs (the seventh pass compared
 * main with a log that found private events through each conversation: bench/README).
 * Usage: node --import tsx bench/support/replay-micro.ts [--users 1000] [--dms 40000]
 *        [--gaps 100,2000,20000] [--samples 300] [--rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';
import { EventLog } from '../../server/events/event-log';
import { Publisher, Writer } from '../../server/events/outbox';
import { createLogger } from '../../server/logging/logger';
import { ChatService, type ChatWrite } from '../../server/services/chat.service';
import { createStores } from '../../server/store/index';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    dms: { type: 'string', default: '40000' },
    gaps: { type: 'string', default: '100,2000,20000' },
    samples: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '5' },
  },
});
const USERS = Number(values.users);
const DMS = Number(values.dms);
const GAPS = values.gaps.split(',').map(Number);
const SAMPLES = Number(values.samples);
const ROUNDS = Number(values.rounds);

const dir = mkdtempSync(join(tmpdir(), 'replay-micro-'));
const db = openDb(join(dir, 'replay.db'));
migrate(db);
const stores = createStores(db);
const log = createLogger('micro', { level: 'silent' });
const writer = new Writer(db, new EventLog(stores.events, Date.now), new Publisher(log));
const AT = '2026-01-01T00:00:00.000Z';
db.transaction(() => {
  const user = db.prepare(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, 'x', 'B', 'C', 30, 'other', ?)`,
  );
  for (let i = 1; i <= USERS; i++) user.run(`u${i}`, `u${i}@b.test`, AT);
  for (let r = 0; r < 3; r++) {
    const room = db
      .prepare(
        `INSERT INTO conversations (kind, name, created_at) VALUES ('room', ?, ?) RETURNING id`,
      )
      .pluck()
      .get(`room${r}`, AT) as number;
    for (let i = 1; i <= USERS; i++) {
      db.prepare(
        'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
      ).run(room, i, AT);
      db.prepare(
        'INSERT INTO conversation_spans (user_id, conversation_id, from_event_id) VALUES (?, ?, 0)',
      ).run(i, room);
    }
  }
})();
const chat = new ChatService(db, stores.chat, writer, Date.now, log, { isOnline: () => false });
let seq = 0;
function dm(): ChatWrite {
  const a = 1 + Math.floor(Math.random() * USERS);
  let b = 1 + Math.floor(Math.random() * (USERS - 1));
  if (b >= a) b++;
  seq++;
  return { send: { senderId: a, to: b, body: `hello ${seq} how are you`, clientId: `c${seq}` } };
}
db.pragma('synchronous = OFF');
for (let i = 0; i < DMS; i += 100) chat.commit(Array.from({ length: 100 }, dm));
db.pragma('wal_checkpoint(TRUNCATE)');
const last = stores.events.lastId()!;
const conversations = db
  .prepare('SELECT count(*) FROM conversation_members WHERE user_id = 1')
  .pluck()
  .get() as number;
console.log(`${USERS} users, ${DMS} DMs, ${last} events; user 1 in ${conversations} conversations`);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
for (const gap of GAPS) {
  const perReplay: number[] = [];
  let rows = 0;
  for (let r = 0; r < ROUNDS; r++) {
    rows = 0;
    const start = cpuUs();
    for (let s = 0; s < SAMPLES; s++) {
      const user = 1 + ((s * 7919 + r * 13) % USERS);
      rows += stores.events.replay(user, Math.max(0, last - gap), 1001).length;
    }
    perReplay.push((cpuUs() - start) / SAMPLES);
  }
  console.log(
    `gap ${String(gap).padStart(6)} events: ${median(perReplay).toFixed(1).padStart(7)} µs/replay ` +
      `(${perReplay.map((x) => x.toFixed(1)).join(', ')}), ${(rows / SAMPLES).toFixed(1)} rows`,
  );
}
db.close();
rmSync(dir, { recursive: true, force: true });
