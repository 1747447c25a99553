/**
 * What the presence contacts of a greeting cost (issue 15, seventh pass: lever 2, without
 * `conversations_direct_hi`), in-process: `--users` users, each a member of 3 rooms, and
 * `--dms` private messages between random pairs (as live.ts), written by
 * `ChatService.commit`; then many users' contacts at once, `--batch` ids per query (the
 * sockets greeted in one tick), for every user, under each form of the query in turn
 * (alternated round by round in this process, on the same file). µs of CPU per user, medians.
 * Usage: node --import tsx bench/support/contacts-micro.ts [--users 1000] [--dms 40000]
 *        [--batch 100] [--rounds 7]
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
import { CONTACTS_SQL } from '../../server/store/contacts.store';
import { createStores } from '../../server/store/index';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    dms: { type: 'string', default: '40000' },
    batch: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '7' },
  },
});
const USERS = Number(values.users);
const DMS = Number(values.dms);
const BATCH = Number(values.batch);
const ROUNDS = Number(values.rounds);

/**
 * The forms compared: main's before db migration 019 (two covering ranges of conversations,
 * the second through `conversations_direct_hi`, made again below for it alone) and this
 * tree's (`CONTACTS_SQL.many`).
 */
const FORMS: Record<string, string> = {
  main: `SELECT j.value AS me, c.user_hi AS contact
     FROM json_each(:ids) j
     CROSS JOIN conversations c ON c.kind = 'direct' AND c.user_lo = j.value
     UNION ALL
     SELECT j.value, c.user_lo
     FROM json_each(:ids) j
     CROSS JOIN conversations c ON c.kind = 'direct' AND c.user_hi = j.value`,
  current: CONTACTS_SQL.many,
};

const dir = mkdtempSync(join(tmpdir(), 'contacts-micro-'));
const db = openDb(join(dir, 'contacts.db'));
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
    const member = db.prepare(
      'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
    );
    for (let i = 1; i <= USERS; i++) member.run(room, i, AT);
  }
})();
const chat = new ChatService(db, stores.chat, writer, Date.now, log, { isOnline: () => false });
let seq = 0;
function dm(): ChatWrite {
  const a = 1 + Math.floor(Math.random() * USERS);
  let b = 1 + Math.floor(Math.random() * (USERS - 1));
  if (b >= a) b++;
  seq++;
  return { send: { senderId: a, to: b, body: `hello ${seq}`, clientId: `c${seq}` } };
}
db.pragma('synchronous = OFF');
for (let i = 0; i < DMS; i += 100) chat.commit(Array.from({ length: 100 }, dm));
db.exec(
  `CREATE INDEX IF NOT EXISTS conversations_direct_hi ON conversations (user_hi, user_lo) WHERE kind = 'direct'`,
);
db.pragma('wal_checkpoint(TRUNCATE)');
const directs = db
  .prepare(`SELECT count(*) FROM conversations WHERE kind = 'direct'`)
  .pluck()
  .get() as number;
console.log(
  `${USERS} users, ${directs} private conversations (${((2 * directs) / USERS).toFixed(1)} contacts each), 3 rooms each`,
);

const statements = Object.entries(FORMS)
  .map(([name, sql]) => {
    let stmt;
    try {
      stmt = db.prepare<{ ids: string }, [number, number]>(sql).raw();
    } catch (e) {
      console.log(`${name}: ${(e as Error).message}`);
      return null;
    }
    return { name, stmt };
  })
  .filter((s) => s !== null);
const batches: string[] = [];
for (let i = 1; i <= USERS; i += BATCH) {
  batches.push(
    JSON.stringify(Array.from({ length: Math.min(BATCH, USERS - i + 1) }, (_, k) => i + k)),
  );
}
// The same contacts from every form.
const sorted = (rows: [number, number][]): string =>
  JSON.stringify(rows.map(([a, b]) => a * 1e6 + b).sort((x, y) => x - y));
const expected = sorted(statements[0]!.stmt.all({ ids: batches[0]! }));
for (const s of statements) {
  if (sorted(s.stmt.all({ ids: batches[0]! })) !== expected)
    console.log(`${s.name}: DIFFERENT ROWS`);
}
const times = new Map<string, number[]>(statements.map((s) => [s.name, []]));
const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
for (let r = 0; r < ROUNDS; r++) {
  for (const s of r % 2 === 0 ? statements : [...statements].reverse()) {
    const start = cpuUs();
    for (const ids of batches) s.stmt.all({ ids });
    times.get(s.name)!.push((cpuUs() - start) / USERS);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, xs] of times) {
  console.log(
    `${name.padEnd(16)} ${median(xs).toFixed(2).padStart(6)} µs/user (${xs.map((x) => x.toFixed(2)).join(', ')})`,
  );
}
for (const s of statements) {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${FORMS[s.name]!}`).all({ ids: '[1]' }) as {
    detail: string;
  }[];
  console.log(`${s.name}: ${plan.map((p) => p.detail).join(' | ')}`);
}
db.close();
rmSync(dir, { recursive: true, force: true });
