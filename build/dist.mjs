#!/usr/bin/env node
/**
 * `npm run dist [-- electron-builder args]`: builds the app and packages it with
 * build/electron-builder.yml.
 *
 * Nothing is rebuilt and node_modules is never changed: better-sqlite3's prebuilt binaries are
 * Node-API modules, which load in Node (tests, `npm run host`) and in Electron alike
 * (`npmRebuild: false`). The afterPack hook checks the binary that will ship loads in this
 * Electron and prints the size of the app folder that ships. An interrupted run leaves nothing
 * to restore.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { packageCommand } from './node-bin.mjs';

const ROOT = resolve(import.meta.dirname, '..');

/** Runs one package's command in the foreground; its exit status (1 if it could not start). */
function run(pkg, args) {
  const { command, args: full, options } = packageCommand({ root: ROOT, pkg, args });
  const result = spawnSync(command, full, { ...options, cwd: ROOT, stdio: 'inherit' });
  if (result.error) {
    console.error(`dist: could not start ${pkg} (${result.error.message})`);
    return 1;
  }
  return result.status ?? 1;
}

const status =
  run('electron-vite', ['build']) ||
  run('electron-builder', ['--config', 'build/electron-builder.yml', ...process.argv.slice(2)]);
process.exit(status);
