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
import { parseArgs } from 'node:util';
import { CONTACTS_SQL } from '../../server/store/contacts.store';
import { chatMicroDb } from './chat-micro-db';
import { cpuUs, median } from './micro-stats';

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

const { db, close } = chatMicroDb('contacts-micro', USERS, DMS);
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
for (let r = 0; r < ROUNDS; r++) {
  for (const s of r % 2 === 0 ? statements : [...statements].reverse()) {
    const start = cpuUs();
    for (const ids of batches) s.stmt.all({ ids });
    times.get(s.name)!.push((cpuUs() - start) / USERS);
  }
}
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
close();
