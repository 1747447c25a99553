/**
 * `n` login loops for `ms` milliseconds against `url`: each logs in again as soon as it is
 * answered. Runs in its own process (see rest.ts), so its work does not delay the latency
 * probe's client. Prints `ready` when it starts, then `{ count, p50 }` as JSON.
 * Usage: node --import tsx bench/support/login-storm.ts URL N MS LOGIN PASSWORD
 */
const [url, n, ms, login, password] = process.argv.slice(2);

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  const until = Date.now() + Number(ms);
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: Number(n) }, async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login, password }),
        });
        await res.text();
        if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length / 2)] ?? 0;
  process.stdout.write(`${JSON.stringify({ count: latencies.length, p50 })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
