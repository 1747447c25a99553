/**
 * Uploads (issue 12), against a real server in this process (so the event loop and memory
 * measured are the server's):
 *  1. one 25 MB file POSTed to /api/uploads on loopback, median of --runs, next to the same
 *     bytes POSTed to a bare Node server that only discards them (the same-run baseline);
 *  2. event-loop delay p99 while 10 clients upload 25 MB each at once;
 *  3. peak RSS growth while uploading 5 MB and then 100 MB files: streaming means it does not
 *     grow with the file.
 * Bodies are generated chunk by chunk from one reused buffer, so the client adds no memory.
 * Usage: npm run bench -- uploads [--runs 5] [--concurrent 10]
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createForumServer } from '../server/index';
import { median } from './support/micro-stats';
import { postGenerated } from './support/upload-client.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    concurrent: { type: 'string', default: '10' },
  },
});
const RUNS = Number(values.runs);
const CONCURRENT = Number(values.concurrent);
const MB = 1024 * 1024;
const TARGET = { oneFileMs: 1000, loopP99Ms: 20 };

const fmt = (n: number, d = 0) => n.toFixed(d);

let salt = 0;
/** POSTs `bytes` of generated content (distinct per call: no deduplication shortcut). */
const post = (url: string, bytes: number, cookie = '') =>
  postGenerated(url, bytes, { cookie, salt: ++salt });

/** The baseline: a bare server that hashes and discards the body (what loopback costs). */
async function bareServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const h = createHash('sha256');
    req.on('data', (c: Buffer) => h.update(c));
    req.on('end', () => res.writeHead(201).end(h.digest('hex')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-bench-uploads-'));
  const forum = await createForumServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    staticDir: null,
    rateLimit: false,
    setup: 'first-signup',
    bcryptCost: 4,
    logLevel: 'warn',
    uploads: { maxFileBytes: 200 * MB, maxBytesPerDay: 100_000 * MB },
  });
  const bare = await bareServer();
  try {
    const signup = await fetch(`${forum.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: forum.url },
      body: JSON.stringify({
        nickname: 'bencher',
        email: 'bench@example.com',
        password: 'correct horse battery',
        firstName: 'B',
        lastName: 'C',
        age: 30,
        gender: 'other',
      }),
    });
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const uploadUrl = `${forum.url}/api/uploads?name=bench.bin`;
    console.log(
      `machine: load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (shared: figures are indicative)`,
    );

    // 1. One 25 MB file.
    await post(uploadUrl, 25 * MB, cookie); // warm-up
    const hearth: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const h = await post(uploadUrl, 25 * MB, cookie);
      if (h.status !== 201) throw new Error(`upload answered ${h.status}`);
      hearth.push(h.ms);
      base.push((await post(bare.url, 25 * MB)).ms);
    }
    const one = median(hearth);
    console.log(
      `25 MB upload: median ${fmt(one)} ms (target ≤ ${TARGET.oneFileMs}); bare loopback + sha-256 ${fmt(median(base))} ms; ratio ${fmt(one / median(base), 2)}×`,
    );

    // 2. Event-loop delay during concurrent uploads.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 1000));
    idle.disable();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const t0 = performance.now();
    // The clients run in a process of their own: the delay measured is the server's.
    const all = await new Promise<{ ms: number; status: number }[]>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          join(import.meta.dirname, 'support', 'upload-client.mjs'),
          uploadUrl,
          cookie,
          String(CONCURRENT),
          String(25 * MB),
        ],
        (err, stdout) =>
          err ? reject(err) : resolve(JSON.parse(stdout) as { ms: number; status: number }[]),
      );
    });
    loop.disable();
    if (all.some((r) => r.status !== 201)) throw new Error('a concurrent upload failed');
    const p99 = loop.percentile(99) / 1e6;
    console.log(
      `${CONCURRENT} × 25 MB at once: ${fmt(performance.now() - t0)} ms in all; event-loop delay p99 ${fmt(p99, 1)} ms (target ≤ ${TARGET.loopP99Ms}), idle p99 ${fmt(idle.percentile(99) / 1e6, 1)} ms; ratio ${fmt(p99 / Math.max(idle.percentile(99) / 1e6, 0.001), 1)}×`,
    );

    // 3. Memory against file size.
    const peakDuring = async (bytes: number): Promise<number> => {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      for (let i = 0; i < 3; i++) await post(uploadUrl, bytes, cookie);
      clearInterval(timer);
      return (peak - before) / MB;
    };
    const small = await peakDuring(5 * MB);
    const large = await peakDuring(100 * MB);
    console.log(
      `peak RSS growth: ${fmt(small, 1)} MB uploading 5 MB files, ${fmt(large, 1)} MB uploading 100 MB files (streamed: it must not grow 20×)`,
    );
  } finally {
    bare.server.close();
    await forum.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
