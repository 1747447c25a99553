import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuMsOf, startHostProcess } from './host-process';
import { seedForum } from './seed';

const dataDir = mkdtempSync(join(tmpdir(), 'hc-floor-'));
const seed = seedForum(join(dataDir, 'hearth.db'), 1000);
const host = await startHostProcess(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--no-rate-limit']);
const res = await fetch(`${host.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: seed.nickname, password: seed.password }) });
const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
for (const path of (process.argv[2] ?? '/api/info,/api/auth/me,/api/info,/api/auth/me').split(',')) {
  const c0 = cpuMsOf(host.child.pid)!;
  const r = await autocannon({ url: host.url + path, connections: 50, duration: 4, headers: { cookie } });
  const c1 = cpuMsOf(host.child.pid)!;
  console.log(`${path}: ${Math.round(r.requests.average)} req/s, ${Math.round(((c1 - c0) * 1000) / r.requests.total)} µs CPU per request, non2xx ${r.non2xx}`);
}
await host.stop();
