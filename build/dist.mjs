#!/usr/bin/env node
/**
 * `npm run dist [-- electron-builder args]`: builds the app and packages it with
 * build/electron-builder.yml. electron-builder rebuilds better-sqlite3 for Electron inside
 * node_modules; the Node build the tests load is backed up first and put back afterwards,
 * even when packaging fails, so `npm test` still works after `npm run dist`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const nodeBinding = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
const backup = join(ROOT, '.electron-native', 'node-abi-backup', 'better_sqlite3.node');
const bin = (name) =>
  join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function nodeBuildLoads() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return probe.status === 0;
}

if (!nodeBuildLoads()) {
  console.error(
    'dist: better-sqlite3 does not load in Node before packaging; run `npm rebuild better-sqlite3` first.',
  );
  process.exit(1);
}
mkdirSync(dirname(backup), { recursive: true });
copyFileSync(nodeBinding, backup);

let status;
try {
  execFileSync(bin('electron-vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  const result = spawnSync(
    bin('electron-builder'),
    ['--config', 'build/electron-builder.yml', ...process.argv.slice(2)],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  status = result.status ?? 1;
} finally {
  mkdirSync(dirname(nodeBinding), { recursive: true });
  copyFileSync(backup, nodeBinding);
  console.log(
    nodeBuildLoads()
      ? 'dist: restored the Node build of better-sqlite3 (npm test works again).'
      : 'dist: WARNING: the Node build of better-sqlite3 does not load; run `npm rebuild better-sqlite3`.',
  );
}
if (status === 0 && !existsSync(join(ROOT, 'dist'))) console.log('dist: no output folder?');
process.exit(status ?? 1);
