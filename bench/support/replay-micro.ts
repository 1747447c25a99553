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
import { parseArgs } from 'node:util';
import { chatMicroDb } from './chat-micro-db';
import { cpuUs, median } from './micro-stats';

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

const { db, stores, close } = chatMicroDb('replay-micro', USERS, DMS);
const last = stores.events.lastId()!;
const conversations = db
  .prepare('SELECT count(*) FROM conversation_members WHERE user_id = 1')
  .pluck()
  .get() as number;
console.log(`${USERS} users, ${DMS} DMs, ${last} events; user 1 in ${conversations} conversations`);

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
close();
