/**
 * `npm run bench` runs every bench/*.ts in turn; `npm run bench -- rest` runs one, and
 * any further arguments go to it (`npm run bench -- rest --duration 5`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'run-all.ts')
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...rest] = process.argv.slice(2);
const chosen = name && !name.startsWith('-') ? [name] : all;
const passThrough = name && !name.startsWith('-') ? rest : process.argv.slice(2);

const unknown = chosen.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`No bench named ${unknown.join(', ')}. Available: ${all.join(', ') || '(none)'}.`);
  process.exit(2);
}

let failed = 0;
for (const bench of chosen) {
  console.log(`\n=== bench/${bench}.ts ===`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(dir, `${bench}.ts`), ...passThrough],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${bench}.ts failed (exit ${r.status ?? r.signal}).`);
  }
}
process.exit(failed > 0 ? 1 : 0);
