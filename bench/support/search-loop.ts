/**
 * (issue 12) The event loop's share of a search, code against code: the real host (its own
 * process, from each given checkout in turn) on one copy of the search bench's database, 20
 * closed-loop clients, each phase timed alone: the baseline (GET /api/categories), then all
 * kinds. For each phase: the host's main thread's CPU per request (/proc/<pid>/task/<pid>),
 * the whole process's, and the request rate. The checkouts alternate `rounds` times, so a
 * machine that gets busier or quieter shows in both. Run under the bench lock.
 * Usage: node --import tsx bench/support/search-loop.ts <data-dir with hearth.db>
 *        <checkout>[,<checkout>…] [seconds=4] [rounds=2] [kind=all|messages]
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each host there; SEARCH_LOOP_PERF=<file>
 * records the main thread with `perf` during each search phase (the host with
 * --perf-basic-prof, so JS frames have names): kernel and native time included.
 * SEARCH_LOOP_WRITE_MS=<ms> writes a comment that often during each search phase (as the
 * bench's phase with writes: each commit empties the kept comments and every search
 * thread's page cache, since SQLite starts a WAL reader over after another connection's
 * commit).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { commentEvery } from './comment-writer';
import { rng, SEARCH_PASSWORD, searchersOf, searchQueryOf } from './search-seed';

const [dataDir, rootList, secondsArg = '4', roundsArg = '2', kind = 'all'] = process.argv.slice(2);
if (!dataDir || !rootList) throw new Error('usage: search-loop.ts <data-dir> <checkout>[,…]');
const SECONDS = Number(secondsArg);
const CLIENTS = 20;
const PERF = process.env.SEARCH_LOOP_PERF;
const WRITE_MS = Number(process.env.SEARCH_LOOP_WRITE_MS ?? 0);

function ticksOf(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // ms, USER_HZ 100
}

async function startHost(root: string) {
  const prof = process.env.BENCH_CPU_PROF;
  const child = spawn(
    process.execPath,
    [
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
      ...(PERF ? ['--perf-basic-prof'] : []),
      '--import',
      'tsx',
      'server/entry/host.ts',
      ...['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir!, '--no-rate-limit'],
    ],
    { cwd: root, env: { ...process.env, HEARTH_LOG_LEVEL: 'warn' }, stdio: 'pipe' },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 1200; i++) {
    const m = /This machine:\s+(http:\/\/\S+)/.exec(out);
    if (m?.[1]) {
      return {
        url: m[1],
        pid: child.pid!,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the host did not start:\n${out}`);
}

async function login(url: string, nickname: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ login: nickname, password: SEARCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function phase(
  url: string,
  pid: number,
  cookies: string[],
  path: (r: () => number) => string,
) {
  const loop0 = ticksOf(`/proc/${pid}/task/${pid}/stat`);
  const all0 = ticksOf(`/proc/${pid}/stat`);
  const end = performance.now() + SECONDS * 1000;
  let requests = 0;
  await Promise.all(
    cookies.map(async (cookie, i) => {
      const r = rng(1000 + i);
      while (performance.now() < end) {
        const res = await fetch(url + path(r), { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        requests++;
      }
    }),
  );
  const loop = ticksOf(`/proc/${pid}/task/${pid}/stat`) - loop0;
  const all = ticksOf(`/proc/${pid}/stat`) - all0;
  return {
    loopUs: (loop * 1000) / requests,
    allUs: (all * 1000) / requests,
    rate: requests / SECONDS,
  };
}

const roots = rootList.split(',');
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const kindParam = kind === 'all' ? '' : `kind=${kind}&`;
for (let round = 0; round < Number(roundsArg); round++) {
  const order = round % 2 ? [...roots].reverse() : roots;
  for (const root of order) {
    const host = await startHost(root);
    try {
      const nicks = searchersOf(1000);
      const cookies: string[] = [];
      for (let i = 0; i < CLIENTS; i++)
        cookies.push(await login(host.url, nicks[i % nicks.length]!));
      const warm = rng(1);
      for (let i = 0; i < 40; i++) {
        await fetch(`${host.url}/api/search?q=${encodeURIComponent(searchQueryOf(warm))}`, {
          headers: { cookie: cookies[i % CLIENTS]! },
        }).then((r) => r.arrayBuffer());
      }
      const base = await phase(host.url, host.pid, cookies, () => '/api/categories');
      const perf = PERF
        ? spawn(
            'perf',
            [
              'record',
              '-q',
              '-F',
              '1999',
              '-g',
              '-t',
              String(host.pid),
              '-o',
              `${PERF}.${round}.${roots.indexOf(root)}`,
              '--',
              'sleep',
              String(SECONDS),
            ],
            { stdio: 'inherit' },
          )
        : null;
      // A comment on post 1 every WRITE_MS meanwhile (none when WRITE_MS is 0).
      const writing = WRITE_MS > 0 ? commentEvery(host.url, cookies[0]!, 1, WRITE_MS) : null;
      const search = await phase(
        host.url,
        host.pid,
        cookies,
        (r) => `/api/search?${kindParam}q=${encodeURIComponent(searchQueryOf(r))}`,
      );
      const written = (await writing?.stop()) ?? 0;
      if (perf) await new Promise((resolve) => perf.on('exit', resolve));
      console.log(
        `${root.padEnd(28)} baseline loop ${fmt(base.loopUs)} µs (${fmt(base.rate)}/s); ` +
          `search ${kind}: loop ${fmt(search.loopUs)} µs, all ${fmt(search.allUs)} µs, ${fmt(search.rate)}/s` +
          (WRITE_MS > 0 ? ` (${written} comments written)` : ''),
      );
    } finally {
      await host.stop();
    }
  }
}
