/**
 * Search (issue 12): GET /api/search (the header's search: all four kinds at once) against
 * the real host in its own process, over 100,000 posts, 300,000 comments and 1,000,000
 * private messages, with 20 searchers each sending one query after the other for
 * `--duration` seconds. Queries draw words with the text's own skew (common words are
 * searched more): one whole word, two words, or a 3–5 letter prefix. The baseline, measured
 * in the same run at the same concurrency, is a trivial authenticated read
 * (GET /api/categories): the ratio is what searching costs over the server's floor.
 * Search is measured after a cold phase (the host's first seconds of search, on other
 * searchers' queries: reported, not held to the target), so the target's phases see a host
 * in its steady state, as a forum that has been up for a while is. The searchers share this
 * machine's two cores with the host, so they are as lean as a client can be (raw HTTP/1.1
 * on one kept-alive connection each, support/raw-http.ts) and their CPU per request is printed.
 * The seeded database is kept under bench/.results (keyed by the sizes, the seed's version
 * and the schema version) and copied for each run: seeding 1.4M rows takes minutes; `--reseed`
 * writes it anew. Its FTS5 indexes are merged after seeding by the host's own maintenance
 * code (server/store/fts-merger.ts), the steady state of a long-running host. Before the server starts, the run also times what one chat message costs
 * to write with its search index (its own transaction, fsync off: CPU only). The server keeps
 * the posts, comments and people of a search until a write changes them, so all kinds are
 * also measured while a comment is written every 100 ms.
 * Usage: npm run bench -- search [--posts 100000] [--comments 300000] [--messages 1000000]
 *        [--users 1000] [--searchers 20] [--duration 15] [--reseed]
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS } from '../db/migrations/index';
import { closeDb, openDb } from '../db/open-db';
import { commentEvery } from './support/comment-writer';
import { RawHttpConnection } from './support/raw-http';
import { cpuMsOf, startHostProcess, type HostProcess } from './support/host-process';
import {
  rng,
  SEARCH_PASSWORD,
  mergeSeededIndexes,
  SEED_VERSION,
  searchersOf,
  searchQueryOf,
  seedSearchForum,
  skewedIndex,
  UNMERGED_SEED_VERSION,
  word,
} from './support/search-seed';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '100000' },
    comments: { type: 'string', default: '300000' },
    messages: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '1000' },
    searchers: { type: 'string', default: '20' },
    duration: { type: 'string', default: '15' },
    reseed: { type: 'boolean', default: false },
  },
});
const N = {
  posts: Number(values.posts),
  comments: Number(values.comments),
  messages: Number(values.messages),
  users: Number(values.users),
};
const SEARCHERS = Number(values.searchers);
const DURATION_MS = Number(values.duration) * 1000;
const TARGET_P99_MS = 30;
/** Replies parsed for the hit count: one in this many. */
const HIT_SAMPLE = 10;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function login(url: string, nickname: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ login: nickname, password: SEARCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** The seeded database for these sizes and this schema, seeded now if not kept already. */
function seededCopy(dbPath: string): void {
  const dir = join(import.meta.dirname, '.results');
  mkdirSync(dir, { recursive: true });
  const schema = MIGRATIONS.at(-1)?.version ?? 0;
  const keptAs = (version: number) =>
    join(
      dir,
      `search-${N.users}u-${N.posts}p-${N.comments}c-${N.messages}m-seed${version}-schema${schema}.db`,
    );
  const kept = keptAs(SEED_VERSION);
  const unmerged = keptAs(UNMERGED_SEED_VERSION);
  if (!values.reseed && !existsSync(kept) && existsSync(unmerged)) {
    // The same rows, kept before the indexes were merged: merging a copy is faster than seeding.
    console.log(`Merging the search indexes of a copy of ${unmerged}:`);
    const partial = `${kept}.partial`;
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    copyFileSync(unmerged, partial);
    mergeSeededIndexes(partial, (s) => console.log(s));
    renameSync(partial, kept);
  }
  if (values.reseed || !existsSync(kept)) {
    console.log('Seeding (the FTS triggers index each row as it is written):');
    const partial = `${kept}.partial`;
    rmSync(partial, { force: true });
    const seed = seedSearchForum(partial, N, (s) => console.log(s));
    renameSync(partial, kept);
    console.log(`Seeded in ${fmt(seed.ms / 1000, 1)} s, kept as ${kept}`);
  } else console.log(`Seeded database: ${kept} (kept; --reseed writes it anew)`);
  copyFileSync(kept, dbPath);
}

/**
 * CPU per chat message written in its own transaction, search index included (triggers of
 * db migrations 012/018), on the seeded database: fsync off, so this is the CPU of the write.
 */
function messageInsertCpu(dbPath: string): number {
  const db = openDb(dbPath);
  db.pragma('synchronous = OFF');
  const pair = db
    .prepare<[], { id: number; user_lo: number; user_hi: number }>(
      "SELECT id, user_lo, user_hi FROM conversations WHERE kind = 'direct' LIMIT 1",
    )
    .get();
  if (!pair) throw new Error('the seed has no private conversation');
  const insert = db.prepare(
    `INSERT INTO messages (conversation_id, sender_id, recipient_id, body, client_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const send = db.transaction((body: string, i: number) =>
    insert.run(
      pair.id,
      pair.user_lo,
      pair.user_hi,
      body,
      `insert-probe-${i}`,
      new Date().toISOString(),
    ),
  );
  const r = rng(99);
  const bodies = Array.from({ length: 1500 }, () =>
    Array.from({ length: 3 + Math.floor(r() * 15) }, () => word(skewedIndex(r))).join(' '),
  );
  bodies.slice(0, 500).forEach((b, i) => send(b, i)); // warm-up
  const c0 = process.cpuUsage();
  bodies.slice(500).forEach((b, i) => send(b, 500 + i));
  const c = process.cpuUsage(c0);
  closeDb(db);
  return (c.user + c.system) / 1000 / 1000;
}

interface Run {
  latencies: number[];
  /** Items found in the `sampled` replies whose body was parsed. */
  hits: number;
  sampled: number;
  requests: number;
  /** This process's CPU (the searchers' HTTP client), ms: it shares the machine's cores. */
  clientCpuMs: number;
}

/** `SEARCHERS` loops, each one request after the other, until the time is up. */
async function load(
  cookies: string[],
  path: (r: () => number) => string,
  url: string,
  { ms = DURATION_MS, seed = 1000 } = {},
): Promise<Run> {
  const end = performance.now() + ms;
  const run: Run = { latencies: [], hits: 0, sampled: 0, requests: 0, clientCpuMs: 0 };
  const base = new URL(url);
  const c0 = process.cpuUsage();
  await Promise.all(
    cookies.map(async (cookie, i) => {
      const r = rng(seed + i);
      const http = new RawHttpConnection(base.hostname, Number(base.port), [`Cookie: ${cookie}`]);
      try {
        while (performance.now() < end) {
          const t0 = performance.now();
          const res = await http.get(path(r));
          run.latencies.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`${res.status} ${res.body.toString()}`);
          run.requests += 1;
          // The hits are counted on every HIT_SAMPLE-th reply (parsing each cost the
          // searchers' process more CPU than the rest of the request).
          if (run.requests % HIT_SAMPLE !== 0) continue;
          const body = JSON.parse(res.body.toString()) as Record<
            string,
            { items?: unknown[] } | string
          >;
          run.sampled += 1;
          for (const v of Object.values(body)) {
            if (typeof v === 'object' && v.items) run.hits += v.items.length;
          }
        }
      } finally {
        http.close();
      }
    }),
  );
  const c = process.cpuUsage(c0);
  run.clientCpuMs = (c.user + c.system) / 1000;
  return run;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

interface Cpu {
  /** The whole server process (its event loop and its search threads), ms. */
  all: number;
  /** Its main thread, the event loop, ms (null where /proc has no per-thread figures). */
  loop: number | null;
}

/** The host's main thread's CPU time (ms), from /proc/<pid>/task/<pid>/stat. */
function loopCpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ 100
  } catch {
    return null;
  }
}

function report(name: string, run: Run, cpu: Cpu | null): { p50: number; p99: number } {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const p50 = pct(sorted, 0.5);
  const p99 = pct(sorted, 0.99);
  console.log(
    `${name}: ${fmt(run.requests / (DURATION_MS / 1000))} req/s   p50 ${fmt(p50, 1)} ms   ` +
      `p99 ${fmt(p99, 1)} ms   max ${fmt(sorted.at(-1) ?? 0, 1)} ms`,
  );
  if (cpu !== null) {
    const loop =
      cpu.loop === null
        ? ''
        : `, of which the event loop ${fmt((cpu.loop * 1000) / run.requests)} µs`;
    console.log(
      `     server CPU ${fmt(cpu.all / (DURATION_MS / 100))}% of one core, ` +
        `${fmt((cpu.all * 1000) / run.requests)} µs per request${loop}; ` +
        `the client ${fmt((run.clientCpuMs * 1000) / run.requests)} µs per request`,
    );
  }
  return { p50, p99 };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-bench-search-'));
  let host: HostProcess | null = null;
  try {
    console.log(
      `Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'})`,
    );
    console.log(
      `Load average before the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const dbPath = join(dataDir, 'hearth.db');
    seededCopy(dbPath);
    console.log(
      `One chat message written with its index: ${fmt(messageInsertCpu(dbPath) * 1000)} µs CPU ` +
        '(own transaction, fsync off; mean of 1,000)',
    );
    const searchers = searchersOf(N.users);
    host = await startHostProcess([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      '--no-rate-limit',
    ]);
    const { url } = host;
    const cookies: string[] = [];
    for (let i = 0; i < SEARCHERS; i++) {
      cookies.push(await login(url, searchers[i % searchers.length]!));
    }
    // Warm-up, untimed: the server starts its search threads at the first search, and the
    // first searches bring the database's pages into memory.
    const warm = rng(1);
    for (let i = 0; i < 40; i++) {
      await fetch(`${url}/api/search?q=${encodeURIComponent(searchQueryOf(warm))}`, {
        headers: { cookie: cookies[i % cookies.length]! },
      }).then((r) => r.arrayBuffer());
    }
    const cpu = () => ({ all: cpuMsOf(host?.child.pid), loop: loopCpuMsOf(host?.child.pid) });
    const diff = (a: ReturnType<typeof cpu>, b: ReturnType<typeof cpu>): Cpu | null =>
      a.all === null || b.all === null
        ? null
        : { all: b.all - a.all, loop: a.loop === null || b.loop === null ? null : b.loop - a.loop };

    let c0 = cpu();
    const base = report(
      `GET /api/categories (baseline), ${SEARCHERS} concurrent, ${DURATION_MS / 1000} s`,
      await load(cookies, () => '/api/categories', url),
      diff(c0, cpu()),
    );
    const searchAll = (r: () => number) => `/api/search?q=${encodeURIComponent(searchQueryOf(r))}`;
    // The host's first seconds of search: its threads' page caches, the probes and the kept
    // groups start empty. Other searchers' streams (seeds 5000+), so the phases below meet
    // their own queries for the first time, as a host that has been up for a while meets
    // new ones: only the words both streams draw (common ones, by the skew) come kept.
    c0 = cpu();
    report(
      `GET /api/search (all kinds), cold: the host's first ${DURATION_MS / 1000} s of search, other searchers' queries`,
      await load(cookies, searchAll, url, { seed: 5000 }),
      diff(c0, cpu()),
    );
    c0 = cpu();
    const all = await load(cookies, searchAll, url);
    const s = report(
      `GET /api/search (all kinds), warm, ${SEARCHERS} concurrent searchers, ${DURATION_MS / 1000} s`,
      all,
      diff(c0, cpu()),
    );
    console.log(`     ${fmt(all.hits / all.sampled, 1)} hits per search on average`);
    console.log(
      `     p99 ${fmt(s.p99, 1)} ms (target ≤ ${TARGET_P99_MS} ms: ${s.p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}); ` +
        `ratio to the baseline: p50 ×${fmt(s.p50 / base.p50, 1)}, p99 ×${fmt(s.p99 / base.p99, 1)}`,
    );
    // The server keeps the posts, comments and people of a search until a write changes
    // them (server/search/search-cache.ts): the same load while a comment is written every
    // 100 ms, each of which empties what was kept.
    c0 = cpu();
    const writer = commentEvery(url, cookies[0]!, 1, 100);
    const during = await load(cookies, searchAll, url);
    const written = await writer.stop();
    const w = report(
      `GET /api/search (all kinds) while a comment is written every 100 ms (${written} written)`,
      during,
      diff(c0, cpu()),
    );
    console.log(
      `     p99 ${fmt(w.p99, 1)} ms (target ≤ ${TARGET_P99_MS} ms: ${w.p99 <= TARGET_P99_MS ? 'met' : 'MISSED'})`,
    );
    c0 = cpu();
    report(
      `GET /api/search?kind=messages, ${SEARCHERS} concurrent searchers, ${DURATION_MS / 1000} s`,
      await load(
        cookies,
        (r) => `/api/search?kind=messages&q=${encodeURIComponent(searchQueryOf(r))}`,
        url,
      ),
      diff(c0, cpu()),
    );
    console.log(
      `Load average after the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
