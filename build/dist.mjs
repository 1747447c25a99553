#!/usr/bin/env node
/**
 * `npm run dist [-- electron-builder args]`: builds the app and packages it with
 * build/electron-builder.yml.
 *
 * electron-builder rebuilds better-sqlite3 for Electron inside node_modules (one node_modules
 * holds one build). So this script (dist-run.mjs) backs up the Node build the tests load,
 * deletes @electron/rebuild's `.forge-meta` marker so the rebuild is never skipped (a marker
 * left by an earlier run would make it package the Node build), and restores the Node build
 * however the run ends. The afterPack hook then refuses a binding whose ABI is not Electron's
 * and prints the size of the app folder that would ship.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runDist } from './dist-run.mjs';
import { nativePaths } from './native-backup.mjs';
import { packageCommand } from './node-bin.mjs';
import { restoreIfInterrupted } from './restore-native.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const paths = nativePaths(ROOT);

function nodeBuildLoads() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return probe.status === 0;
}

async function main() {
  if (restoreIfInterrupted(paths) === 'busy') return 1;
  if (!nodeBuildLoads()) {
    console.error(
      'dist: better-sqlite3 does not load in Node before packaging; run `npm rebuild better-sqlite3` first.',
    );
    return 1;
  }
  const step = (pkg, args, bin) => {
    const { command, args: full, options } = packageCommand({ root: ROOT, pkg, bin, args });
    return { command, args: full, options: { ...options, cwd: ROOT } };
  };
  const status = await runDist({
    paths,
    steps: [
      step('electron-vite', ['build']),
      step('electron-builder', [
        '--config',
        'build/electron-builder.yml',
        ...process.argv.slice(2),
      ]),
    ],
  });
  if (!nodeBuildLoads())
    console.error(
      'dist: WARNING: the Node build of better-sqlite3 does not load; run `npm rebuild better-sqlite3`.',
    );
  return status;
}

main().then(
  (status) => process.exit(status),
  (err) => {
    console.error(`dist: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
