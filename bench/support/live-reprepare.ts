/**
 * Which statements of the DM path SQLite prepares again on every run (issue 15, fifth pass).
 * With SQLite 3.54, a planner that looked at a bound value (STAT4 probes, partial-index
 * implication, LIKE, small LIMIT integers) marks the statement to be re-prepared whenever that
 * parameter is bound again, and better-sqlite3 clears the bindings after each run: such a
 * statement is compiled anew on every run.
 *
 * This drives a real server in-process (sign-ups, sockets, DMs both ways, read marks, a
 * reconnect with resume), records every statement run and its first arguments, then checks
 * each with server/test/reprepare-probe.ts (deterministic: counts re-prepares, not time) and
 * times it: 2,000 runs with those arguments, µs per run.
 * Usage: node --import tsx bench/support/live-reprepare.ts [--stores]
 * --stores: instead, every statement that server/store/index.ts's stores prepare, on a fresh
 * database (any value for each parameter): those prepared again on every run, and the count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { createStores } from '../../server/store/index';
import { startTestServer } from '../../server/test/harness';
import { repreparedRuns } from '../../server/test/reprepare-probe';
import { closeAllClients, connect, until } from '../../server/test/ws-client';

type Args = unknown[];
if (process.argv.includes('--stores')) {
  sweepStores();
  process.exit(0);
}
const seen = new Map<string, { args: Args; runs: number; method: string }>();
let recording = false;

// Every statement run, with the arguments of its first run (to replay it below).
const proto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<
  string,
  (...args: Args) => unknown
>;
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = proto[method]!;
  proto[method] = function (this: { source: string }, ...args: Args) {
    if (recording) {
      const entry = seen.get(this.source);
      if (entry) entry.runs++;
      else seen.set(this.source, { args, runs: 1, method });
    }
    return original.apply(this, args);
  };
}

const srv = await startTestServer();
const users = await Promise.all([1, 2, 3, 4].map(() => srv.signup()));
const ids = users.map((u) => u.user.id);
recording = true;
const sockets = await Promise.all(users.map((u) => connect(srv, u.client)));
let n = 0;
for (let round = 0; round < 5; round++) {
  for (let i = 0; i < sockets.length; i++) {
    const to = ids[(i + 1 + (round % 3)) % ids.length]!;
    sockets[i]!.send({
      type: 'chat.send',
      payload: { to, body: `hello ${++n}`, clientId: `p${n}` },
    });
  }
  await until(
    () => sockets.every((s) => s.of('chat.message').length >= 2 * (round + 1)),
    'the DMs',
  );
}
const last = sockets[1]!.of('chat.message').at(-1)!;
sockets[1]!.send({
  type: 'chat.read',
  payload: { with: last.payload.from, upTo: last.payload.id },
});
sockets[0]!.send({ type: 'typing.start', payload: { to: ids[1]! } });
const since = sockets[2]!.eventIds()[0]! - 1;
sockets[2]!.close();
const again = await connect(srv, users[2]!.client, { resume: since });
await until(() => again.of('chat.message').length > 0, 'the replay');
recording = false;
closeAllClients();

const db = openDb(srv.server.dbPath);
console.log(`${seen.size} statements run on the DM path; re-prepared on every run:`);
for (const [sql, { args, runs, method }] of seen) {
  if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)/i.test(sql)) {
    console.log(`  (not probed)      ×${runs} ${method}  ${oneLine(sql)}`);
    continue;
  }
  let count: number;
  try {
    count = repreparedRuns(db, sql, args, 4);
  } catch (err) {
    console.log(`  (not probed: ${(err as Error).message}) ${oneLine(sql)}`);
    continue;
  }
  const us = /^\s*(SELECT|WITH)/i.test(sql) ? timeRuns(db, sql, args) : NaN;
  const mark = count > 0 ? 'RE-PREPARED' : 'ok';
  console.log(
    `  ${mark.padEnd(11)} ${String(count)}/4  ${Number.isNaN(us) ? '   -  ' : us.toFixed(1).padStart(6)} µs  ×${runs} ${method}  ${oneLine(sql)}`,
  );
}
db.close();
await srv.close();

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').slice(0, 150);
}

/** µs per run of a read, 2,000 runs with the same arguments (a re-prepare costs tens). */
function timeRuns(d: Database.Database, sql: string, args: Args): number {
  const stmt = d.prepare(sql);
  for (let i = 0; i < 200; i++) stmt.all(...args);
  const t0 = performance.now();
  for (let i = 0; i < 2000; i++) stmt.all(...args);
  return ((performance.now() - t0) * 1000) / 2000;
}

/** --stores: every store statement, on a fresh database; the re-prepared ones listed. */
function sweepStores(): void {
  const dir = mkdtempSync(join(tmpdir(), 'reprepare-'));
  const db = openDb(join(dir, 'sweep.db'));
  migrate(db);
  const sqls = new Set<string>();
  const recording = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (sql: string) => {
          sqls.add(sql);
          return target.prepare(sql);
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  createStores(recording as Db);
  let probed = 0;
  let reprepared = 0;
  for (const sql of sqls) {
    if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)/i.test(sql)) continue;
    const names = new Set([...sql.matchAll(/[:@$]([A-Za-z_]\w*)/g)].map((m) => m[1]!));
    const args: Args = Array<number>((sql.match(/\?/g) ?? []).length).fill(1);
    if (names.size > 0) args.push(Object.fromEntries([...names].map((n) => [n, 1])));
    probed++;
    if (repreparedRuns(db, sql, args, 3) > 0) {
      reprepared++;
      console.log(`  RE-PREPARED  ${oneLine(sql)}`);
    }
  }
  console.log(`${reprepared} of ${probed} store statements prepared again on every run`);
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
