/**
 * `n` GET loops for `ms` milliseconds: each asks for the next path as soon as the previous
 * answer is read in full. Runs in its own process (see rest.ts), so reading big answers does
 * not delay the latency probe's client. `{random}` in the path becomes a whole number in
 * [from, to) per request. Prints `ready` when it starts, then `{ count, p50, p99, bytes }`.
 * Usage: node --import tsx bench/support/page-load.ts URL PATH N MS COOKIE [FROM TO]
 */
export {}; // a module, so its names do not clash with login-storm.ts's in the type check

const [url, path, n, ms, cookie, from, to] = process.argv.slice(2);

function nextPath(): string {
  if (!path?.includes('{random}')) return path ?? '/';
  const lo = Number(from);
  const r = lo + Math.floor(Math.random() * (Number(to) - lo));
  return path.replace('{random}', String(r));
}

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  const until = Date.now() + Number(ms);
  const latencies: number[] = [];
  let bytes = 0;
  await Promise.all(
    Array.from({ length: Number(n) }, async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${url}${nextPath()}`, { headers: { cookie: cookie ?? '' } });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET failed: ${res.status}`);
        latencies.push(performance.now() - t0);
        bytes += body.byteLength;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  process.stdout.write(
    `${JSON.stringify({ count: latencies.length, p50: at(0.5), p99: at(0.99), bytes })}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
