/**
 * REST throughput and latency, against the real host in its own process:
 *  1. GET /api/posts (a page of 20 from 100,000 posts) at 50 connections: the first page,
 *     which the feed cache serves, and pages at random cursors, which it mostly cannot;
 *  2. POST /api/posts/:id/comments at 50 connections;
 *  3. p99 of GET /api/posts at a fixed rate, idle and then while 50 logins run at once
 *     (bcrypt cost 10): the proof that hashing stays off the event loop;
 *  4. feed pages of 100 posts at the body limit (20,000 characters each; the same page, then
 *     pages at random cursors) from 10 connections in another process, and meanwhile p50/p99
 *     of a small request (GET /api/categories) at a fixed rate, against idle: what a reader of
 *     big pages costs everyone else.
 * Usage: npm run bench -- rest [--posts 100000] [--duration 10] [--connections 50] [--logins 50]
 *        [--big 2000] [--big-connections 10] [--cases pages,comments,logins,big]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Options, type Result } from 'autocannon';
import { cpuMsOf, startHostProcess, type HostProcess } from './support/host-process';
import { seedForum } from './support/seed';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    logins: { type: 'string', default: '50' },
    rate: { type: 'string', default: '500' },
    big: { type: 'string', default: '2000' },
    'big-connections': { type: 'string', default: '10' },
    cases: { type: 'string', default: 'pages,feed,comments,logins,big' },
  },
});
const POSTS = Number(values.posts);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const LOGINS = Number(values.logins);
const PROBE_RATE = Number(values.rate);
const BIG = Number(values.big);
const BIG_CONNECTIONS = Number(values['big-connections']);
const CASES = new Set(values.cases.split(','));
for (const c of CASES) {
  if (!['pages', 'feed', 'comments', 'logins', 'big'].includes(c))
    throw new Error(`unknown case ${c}`);
}
/** A big page: 100 posts of 20,000 characters. */
const BIG_PAGE = 100;
/** Distinct readers of the feed case's many-readers runs. */
const READERS = 50;

const TARGET = { reqPerSec: 4000, p99Ms: 30 };
/** Issue 15: group-committed comments at 50 connections, every acknowledged one durable. */
const TARGET_COMMENTS_PER_SEC = 3000;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function cannon(options: Options): Promise<Result> {
  const result = await autocannon({ timeout: 30, ...options });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `${options.method ?? 'GET'} ${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  return result;
}

async function login(url: string, nickname: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: nickname, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** The feed case's readers (seeded as reader0…, the bench user's password), logged in. */
async function logInReaders(url: string, n: number, password: string): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) cookies.push(await login(url, `reader${i}`, password));
  return cookies;
}

/** Writes a comment on `postId` every `ms` until stopped; resolves with how many were written. */
function commentEvery(
  url: string,
  headers: Record<string, string>,
  postId: number,
  ms: number,
): { stop(): Promise<number> } {
  let written = 0;
  let last: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    last = fetch(`${url}/api/posts/${postId}/comments`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ body: `a comment while the feed is read (${written})` }),
    }).then((res) => {
      if (res.status !== 201) throw new Error(`comment: ${res.status}`);
      written++;
    });
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await last;
      return written;
    },
  };
}

/**
 * A load script from support/ in a child process (its own event loop, so it cannot delay
 * the probe's client). It prints `ready` once it runs and its figures as JSON on the last
 * line. `started` resolves once it runs; `done` with the figures.
 */
function loadProcess<T>(
  name: string,
  script: string,
  args: string[],
): { started: Promise<void>; done: Promise<T> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'support', script), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const started = new Promise<void>((resolve) => {
    child.stdout.on('data', () => {
      if (out.startsWith('ready\n')) resolve();
    });
  });
  const done = new Promise<T>((resolve, reject) => {
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(last) as T);
      else reject(new Error(`the ${name} failed (exit ${code})`));
    });
  });
  return { started, done };
}

/** `n` concurrent login loops in a child process (support/login-storm.ts). */
function loginStorm(
  url: string,
  n: number,
  ms: number,
  who: { nickname: string; password: string },
): { started: Promise<void>; done: Promise<{ count: number; p50: number }> } {
  const args = [url, String(n), String(ms), who.nickname, who.password];
  return loadProcess('login storm', 'login-storm.ts', args);
}

/**
 * `n` loops of GET `path` in a child process (see support/page-load.ts); `{random}` in the
 * path becomes a number in [from, to).
 */
function pageLoad(
  url: string,
  path: string,
  n: number,
  ms: number,
  cookie: string,
  range: [number, number] = [0, 0],
): {
  started: Promise<void>;
  done: Promise<{ count: number; p50: number; p99: number; bytes: number }>;
} {
  const args = [url, path, String(n), String(ms), cookie, String(range[0]), String(range[1])];
  return loadProcess('page load', 'page-load.ts', args);
}

function cpuUsPerRequest(from: number | null, to: number | null, r: Result): number | null {
  if (from === null || to === null || r.requests.total === 0) return null;
  return ((to - from) * 1000) / r.requests.total;
}

function cpuLine(from: number | null, to: number | null, r: Result): string {
  if (from === null || to === null) return '';
  const ms = to - from;
  return `     server CPU ${fmt(ms / (DURATION * 10))}% of one core, ${fmt((ms * 1000) / r.requests.total)} µs per request`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  let host: HostProcess | null = null;
  try {
    console.log(
      `Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'})`,
    );
    // Other work on the machine skews every figure: say how busy it was.
    console.log(
      `Load average before the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const bigPosts = CASES.has('big') ? BIG : 0;
    const seed = seedForum(join(dataDir, 'hearth.db'), POSTS, {
      bigPosts,
      readers: CASES.has('feed') ? READERS : 0,
    });
    console.log(
      `Seeded ${fmt(seed.postCount)} posts` +
        (bigPosts > 0 ? ` and ${fmt(bigPosts)} of 20,000 characters` : '') +
        ` in ${fmt(seed.ms / 1000, 1)} s`,
    );
    // Big posts are the oldest (ids 1..bigPosts); the usual posts follow.
    const firstId = bigPosts + 1;

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
    const cookie = await login(url, seed.nickname, seed.password);
    const headers = { cookie };
    const feed = `${url}/api/posts`;

    const check = (await (await fetch(feed, { headers })).json()) as { items: unknown[] };
    if (check.items.length !== 20)
      throw new Error(`expected a page of 20, got ${check.items.length}`);

    // Warm up the JIT and the page cache.
    await cannon({ url: feed, headers, connections: CONNECTIONS, duration: 3 });

    const lines: string[] = [''];
    const results: Record<string, unknown> = {
      node: process.version,
      cpus: availableParallelism(),
      posts: POSTS,
    };

    if (CASES.has('pages')) {
      const cpu0 = cpuMsOf(host.child.pid);
      const get = await cannon({
        url: feed,
        headers,
        connections: CONNECTIONS,
        duration: DURATION,
      });
      const cpu1 = cpuMsOf(host.child.pid);

      const cpu2 = cpuMsOf(host.child.pid);
      const deep = await cannon({
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: 'GET',
            headers,
            setupRequest: (req) => ({
              ...req,
              path: `/api/posts?before=${firstId + 20 + Math.floor(Math.random() * (POSTS - 20))}`,
            }),
          },
        ],
      });
      const cpu3 = cpuMsOf(host.child.pid);
      const pass = get.requests.average >= TARGET.reqPerSec && get.latency.p99 <= TARGET.p99Ms;
      lines.push(
        `GET  /api/posts (page of 20 of ${fmt(POSTS)}), ${CONNECTIONS} connections, ${DURATION} s:`,
        `     ${fmt(get.requests.average)} req/s   p50 ${get.latency.p50} ms   p99 ${get.latency.p99} ms   ` +
          `(target ≥ ${fmt(TARGET.reqPerSec)} req/s, p99 ≤ ${TARGET.p99Ms} ms: ${pass ? 'met' : 'MISSED'})`,
        cpuLine(cpu0, cpu1, get),
        `GET  /api/posts?before=<random> (uncached pages), ${CONNECTIONS} connections, ${DURATION} s:`,
        `     ${fmt(deep.requests.average)} req/s   p50 ${deep.latency.p50} ms   p99 ${deep.latency.p99} ms`,
        cpuLine(cpu2, cpu3, deep),
      );
      results.getPosts = {
        reqPerSec: get.requests.average,
        p50: get.latency.p50,
        p99: get.latency.p99,
      };
      results.getRandomPages = {
        reqPerSec: deep.requests.average,
        p50: deep.latency.p50,
        p99: deep.latency.p99,
      };
    }

    if (CASES.has('feed')) {
      // Issue 13: the feed page of 20 in latest-activity order with the reader's own read
      // state (new / N new comments), against the same run's shared page (GET /api/posts).
      const feedUrl = `${url}/api/feed?sort=activity&limit=20`;
      const top = (await (await fetch(feedUrl, { headers })).json()) as { items: { id: number }[] };
      // Half the page opened once, so the read state has both kinds of rows.
      for (const p of top.items.slice(0, 10)) {
        await fetch(`${url}/api/posts/${p.id}/read`, { method: 'POST', headers });
      }
      await cannon({ url: feedUrl, headers, connections: CONNECTIONS, duration: 3 });
      const baseCpu0 = cpuMsOf(host.child.pid);
      const base = await cannon({
        url: feed,
        headers,
        connections: CONNECTIONS,
        duration: DURATION,
      });
      const baseCpu1 = cpuMsOf(host.child.pid);
      const cpu0 = cpuMsOf(host.child.pid);
      const withState = await cannon({
        url: feedUrl,
        headers,
        connections: CONNECTIONS,
        duration: DURATION,
      });
      const cpu1 = cpuMsOf(host.child.pid);
      const pass =
        withState.requests.average >= TARGET.reqPerSec && withState.latency.p99 <= TARGET.p99Ms;
      lines.push(
        `GET  /api/feed?sort=activity (page of 20 + per-user read state, ${fmt(POSTS)} posts), ${CONNECTIONS} connections, ${DURATION} s:`,
        `     ${fmt(withState.requests.average)} req/s   p50 ${withState.latency.p50} ms   p99 ${withState.latency.p99} ms   ` +
          `(target ≥ ${fmt(TARGET.reqPerSec)} req/s, p99 ≤ ${TARGET.p99Ms} ms: ${pass ? 'met' : 'MISSED'})`,
        `     same run, GET /api/posts (no read state): ${fmt(base.requests.average)} req/s   p99 ${base.latency.p99} ms   ` +
          `ratio ${fmt(withState.requests.average / base.requests.average, 2)}`,
        cpuLine(cpu0, cpu1, withState),
      );
      // CPU per request is the figure this shared machine cannot skew much: the feed's
      // against the same run's shared page.
      const feedUs = cpuUsPerRequest(cpu0, cpu1, withState);
      const baseUs = cpuUsPerRequest(baseCpu0, baseCpu1, base);
      if (feedUs !== null && baseUs !== null) {
        lines.push(
          `     server CPU per request: feed ${fmt(feedUs)} µs, GET /api/posts ${fmt(baseUs)} µs, ` +
            `feed ÷ posts ${fmt(feedUs / baseUs, 2)}`,
        );
      }
      // The feed keeps each reader's finished page until anything is written (total_changes()),
      // so one reader asking again measures that cache. What a forum sees: many readers, each
      // with their own read state, while others write. 50 readers (one per request in turn),
      // then the same while a comment lands every 100 ms (each one drops every kept page).
      const readers = await logInReaders(url, READERS, seed.password);
      for (const [i, c] of readers.entries()) {
        // Each reader has opened a different part of the page.
        for (const p of top.items.slice(i % 10, (i % 10) + 5)) {
          await fetch(`${url}/api/posts/${p.id}/read`, {
            method: 'POST',
            headers: { cookie: c, origin: url },
          });
        }
      }
      let turn = 0;
      const manyReaders: Options['requests'] = [
        {
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, cookie: readers[turn++ % readers.length]! },
          }),
        },
      ];
      const many = async () => {
        const c0 = cpuMsOf(host!.child.pid);
        const r = await cannon({
          url: feedUrl,
          connections: CONNECTIONS,
          duration: DURATION,
          requests: manyReaders,
        });
        return { r, us: cpuUsPerRequest(c0, cpuMsOf(host!.child.pid), r) };
      };
      const manyIdle = await many();
      const writer = commentEvery(url, headers, top.items[0]!.id, 100);
      const manyWrites = await many();
      const written = await writer.stop();
      for (const [label, m] of [
        [`${READERS} readers in turn, each with their own read state`, manyIdle],
        [`the same while a comment is written every 100 ms (${written} written)`, manyWrites],
      ] as const) {
        const ok = m.r.requests.average >= TARGET.reqPerSec && m.r.latency.p99 <= TARGET.p99Ms;
        lines.push(
          `     ${label}:`,
          `       ${fmt(m.r.requests.average)} req/s   p50 ${m.r.latency.p50} ms   p99 ${m.r.latency.p99} ms   ` +
            `server CPU ${m.us === null ? '?' : fmt(m.us)} µs/request (${ok ? 'met' : 'MISSED'})`,
        );
      }
      results.getFeedWithReadState = {
        reqPerSec: withState.requests.average,
        p50: withState.latency.p50,
        p99: withState.latency.p99,
        baselineReqPerSec: base.requests.average,
        baselineP99: base.latency.p99,
        cpuUsPerRequest: feedUs,
        baselineCpuUsPerRequest: baseUs,
        manyReaders: {
          reqPerSec: manyIdle.r.requests.average,
          p99: manyIdle.r.latency.p99,
          cpuUsPerRequest: manyIdle.us,
        },
        manyReadersWithWrites: {
          reqPerSec: manyWrites.r.requests.average,
          p99: manyWrites.r.latency.p99,
          cpuUsPerRequest: manyWrites.us,
          commentsWritten: written,
        },
      };
    }

    if (CASES.has('comments')) {
      const cpu4 = cpuMsOf(host.child.pid);
      const post = await cannon({
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            setupRequest: (req) => ({
              ...req,
              path: `/api/posts/${firstId + Math.floor(Math.random() * POSTS)}/comments`,
              body: JSON.stringify({ body: `A benchmark comment written at ${Date.now()}` }),
            }),
          },
        ],
      });
      const cpu5 = cpuMsOf(host.child.pid);
      const met = post.requests.average >= TARGET_COMMENTS_PER_SEC;
      lines.push(
        `POST /api/posts/:id/comments, ${CONNECTIONS} connections, ${DURATION} s:`,
        `     ${fmt(post.requests.average)} req/s   p50 ${post.latency.p50} ms   p99 ${post.latency.p99} ms   (group-committed: each answered once fsynced)`,
        cpuLine(cpu4, cpu5, post),
        `     target (issue 15) ≥ ${fmt(TARGET_COMMENTS_PER_SEC)} comments/s at ${CONNECTIONS} connections: ` +
          `×${fmt(post.requests.average / TARGET_COMMENTS_PER_SEC, 2)} of it → ${met ? 'met' : 'NOT met'}` +
          (CONNECTIONS === 50 ? '' : ' (the target is for 50 connections)'),
      );
      results.postComments = {
        reqPerSec: post.requests.average,
        p50: post.latency.p50,
        p99: post.latency.p99,
      };
    }

    if (CASES.has('logins')) {
      // A steady probe on one connection: each request is served at once unless the event
      // loop stalls, so p99 shows stalls (a cost-10 hash on the loop adds ~80 ms), not queueing.
      const probe = {
        url: feed,
        headers,
        connections: 1,
        overallRate: PROBE_RATE,
        duration: DURATION,
      };
      const idle = await cannon(probe);
      // The storm outlasts the probe by a second on each side.
      const logins = loginStorm(url, LOGINS, DURATION * 1000 + 2000, seed);
      await logins.started;
      await new Promise((r) => setTimeout(r, 1000));
      const busy = await cannon(probe);
      const storm = await logins.done;
      const ratio = busy.latency.p99 / Math.max(idle.latency.p99, 1);
      lines.push(
        `GET  /api/posts at ${PROBE_RATE} req/s on one connection, ${DURATION} s each:`,
        `     idle:                          p50 ${idle.latency.p50} ms   p99 ${idle.latency.p99} ms   max ${idle.latency.max} ms`,
        `     during ${LOGINS} concurrent logins:   p50 ${busy.latency.p50} ms   p99 ${busy.latency.p99} ms   max ${busy.latency.max} ms`,
        `     p99 ratio busy/idle: ${fmt(ratio, 2)}×   (${fmt(storm.count)} logins done, p50 ${fmt(storm.p50)} ms each, bcrypt cost 10)`,
      );
      results.probe = {
        rate: PROBE_RATE,
        idleP99: idle.latency.p99,
        loginP99: busy.latency.p99,
        ratio,
        logins: storm,
      };
    }

    if (CASES.has('big') && bigPosts >= BIG_PAGE) {
      // The small request everyone else makes meanwhile, on one steady connection.
      const probe = {
        url: `${url}/api/categories`,
        headers,
        connections: 1,
        overallRate: PROBE_RATE,
        duration: DURATION,
      };
      const idle = await cannon(probe);
      const loads = [
        {
          label: `the same page (?before=${firstId}&limit=${BIG_PAGE})`,
          path: `/api/posts?before=${firstId}&limit=${BIG_PAGE}`,
          range: [0, 0] as [number, number],
        },
        {
          label: `random pages (?before=<random>&limit=${BIG_PAGE})`,
          path: `/api/posts?before={random}&limit=${BIG_PAGE}`,
          range: [BIG_PAGE + 1, firstId + 1] as [number, number],
        },
      ];
      lines.push(
        `GET  /api/categories at ${PROBE_RATE} req/s on one connection, ${DURATION} s each,`,
        `     while ${BIG_CONNECTIONS} connections (another process) read feed pages of ${BIG_PAGE} posts of 20,000 characters:`,
        `     idle:                          p50 ${idle.latency.p50} ms   p99 ${idle.latency.p99} ms   max ${idle.latency.max} ms`,
      );
      const big: Record<string, unknown> = {
        idle: { p50: idle.latency.p50, p99: idle.latency.p99 },
      };
      for (const [i, load] of loads.entries()) {
        const reader = pageLoad(
          url,
          load.path,
          BIG_CONNECTIONS,
          DURATION * 1000 + 2000,
          cookie,
          load.range,
        );
        await reader.started;
        await new Promise((r) => setTimeout(r, 1000));
        const cpuA = cpuMsOf(host.child.pid);
        const busy = await cannon(probe);
        const cpuB = cpuMsOf(host.child.pid);
        const pages = await reader.done;
        const seconds = (DURATION * 1000 + 2000) / 1000;
        const ratio = busy.latency.p99 / Math.max(idle.latency.p99, 1);
        lines.push(
          `     during ${load.label}:`,
          `       probe  p50 ${busy.latency.p50} ms   p99 ${busy.latency.p99} ms   max ${busy.latency.max} ms   p99 ratio to idle ${fmt(ratio, 1)}×`,
          `       pages  ${fmt(pages.count / seconds)} req/s   p50 ${fmt(pages.p50, 1)} ms   p99 ${fmt(pages.p99, 1)} ms   ` +
            `${fmt(pages.bytes / Math.max(pages.count, 1) / 1024)} KB each` +
            (cpuA !== null && cpuB !== null
              ? `   server CPU ${fmt((cpuB - cpuA) / (DURATION * 10))}% of one core`
              : ''),
        );
        big[i === 0 ? 'samePage' : 'randomPages'] = {
          probeP50: busy.latency.p50,
          probeP99: busy.latency.p99,
          ratio,
          pages,
        };
      }
      results.bigPages = big;
    }

    console.log(lines.filter(Boolean).join('\n'));
    console.log(
      `Load average after the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    const resultsDir = join(import.meta.dirname, '.results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, `rest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
      JSON.stringify(results, null, 2),
    );
  } finally {
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
