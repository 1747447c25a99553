#!/usr/bin/env node
/**
 * `npm run host` / `npm start` / `npm run build`: build main, preload, the server entries and
 * the UI into out/ only when needed, and never under a running host's feet.
 *
 * - Stale means: out/ has no build stamp, an output is missing, or a source is newer than the
 *   stamp (staleness(), tested). `--always` builds regardless (`npm run build`).
 * - electron-vite builds into out.build-<pid>/; only a finished build replaces out/, by two
 *   renames. A host serving out/ keeps complete files throughout (before: electron-vite
 *   emptied out/renderer first, and a running host served 404s until the build finished).
 * - One build at a time per checkout: a lock file with the builder's pid. A second host that
 *   starts meanwhile waits for it, then finds out/ fresh and builds nothing.
 *
 *   node build/build-if-stale.mjs [--always] [--quiet]
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageCommand } from './node-bin.mjs';

/** Whether a process with this pid is running (EPERM: it is, as another user). */
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** What the build reads: a change in any of these makes out/ stale. Tests never are built. */
export const SOURCES = [
  'server',
  'common',
  'db',
  'renderer',
  'electron/main',
  'electron/preload',
  'electron/ipc-channels.ts',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'tsconfig.json',
];
/** What the build must produce (the three Node entries, the search threads' entry, the preload, both pages). */
export const OUTPUTS = [
  'main/index.js',
  'main/server.js',
  'main/host.js',
  'main/search-worker.js',
  'preload/index.cjs',
  'renderer/index.html',
  'renderer/launcher.html',
];
const STAMP = '.build-stamp';
const SKIP = /(^\.|^node_modules$|\.test\.ts$|\.fake\.ts$)/;

/** The newest modification time under the given paths (files and folders, recursively). */
export function newestMtime(root, paths = SOURCES) {
  let newest = 0;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // an optional source that is not there
    }
    if (!stat.isDirectory()) {
      newest = Math.max(newest, stat.mtimeMs);
      return;
    }
    for (const entry of readdirSync(path)) if (!SKIP.test(entry)) visit(join(path, entry));
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

/**
 * Whether out/ needs a build, and why (one clause for the log). Pure: the caller reads the
 * stamp time (null: none), the newest source time and which outputs are missing.
 */
export function staleness({ stampMs, newestSourceMs, missingOutputs }) {
  if (stampMs === null) return { stale: true, why: 'out/ has not been built by this script yet' };
  if (missingOutputs.length > 0)
    return { stale: true, why: `out/ lacks ${missingOutputs.join(', ')}` };
  if (newestSourceMs > stampMs) return { stale: true, why: 'sources changed since the last build' };
  return { stale: false, why: 'out/ is up to date' };
}

export function outState(root) {
  const out = join(root, 'out');
  let stampMs = null;
  try {
    stampMs = statSync(join(out, STAMP)).mtimeMs;
  } catch {
    // no stamp: never built here
  }
  return {
    stampMs,
    newestSourceMs: newestMtime(root),
    missingOutputs: OUTPUTS.filter((file) => !existsSync(join(out, file))),
  };
}

/** The lock: created exclusively; a lock whose pid is gone is taken over. */
function tryLock(lockFile) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) return false;
      rmSync(lockFile, { force: true });
    }
  }
  return false;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Renames with a few retries: on Windows a folder whose file another process has open for a
 * moment (a host serving it, an antivirus scan) refuses to move (EPERM/EBUSY) briefly.
 */
function renameRetrying(from, to) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      renameSync(from, to);
      return;
    } catch (err) {
      if (attempt >= 20 || !['EPERM', 'EBUSY', 'EACCES'].includes(err.code)) throw err;
      sleep(100);
    }
  }
}

/** Folders of builds that were killed mid-way (their pid is gone). Called under the lock. */
function removeLeftovers(root) {
  for (const name of readdirSync(root)) {
    const match = /^out\.(?:build|old)-(\d+)$/.exec(name);
    if (match && !processAlive(Number(match[1])))
      rmSync(join(root, name), { recursive: true, force: true });
  }
}

/** Puts a finished build in place of out/: out → out.old-<pid>, build → out, old removed. */
export function swapIn(root, built) {
  const out = join(root, 'out');
  const old = join(root, `out.old-${process.pid}`);
  const hadOut = existsSync(out);
  if (hadOut) renameRetrying(out, old);
  renameRetrying(built, out);
  if (hadOut) rmSync(old, { recursive: true, force: true });
}

/**
 * Builds when stale (or always); `build(dir)` builds into `dir` and returns true on success.
 * Returns 'fresh' | 'built' | 'failed'. `say` gets one line per decision.
 */
export function buildIfStale({
  root,
  always = false,
  build,
  say = (line) => process.stdout.write(`${line}\n`),
  waitMs = 10 * 60_000,
}) {
  const lockFile = join(root, 'out.build.lock');
  const deadline = Date.now() + waitMs;
  let waiting = false;
  while (!tryLock(lockFile)) {
    if (!waiting) say('build: another build of this checkout is running; waiting for it…');
    waiting = true;
    if (Date.now() > deadline) {
      say('build: gave up waiting for the other build (out.build.lock); nothing was built.');
      return 'failed';
    }
    sleep(250);
  }
  const built = join(root, `out.build-${process.pid}`);
  try {
    removeLeftovers(root);
    const state = staleness(outState(root));
    // After waiting, the other build is this one's build too, unless sources changed since.
    if (!state.stale && !(always && !waiting)) {
      if (!always) say(`build: ${state.why}; not rebuilding.`);
      return 'fresh';
    }
    say(
      `build: ${always && !state.stale ? 'building' : `${state.why}; building`} (electron-vite)…`,
    );
    rmSync(built, { recursive: true, force: true });
    if (!build(built)) {
      say('build: the build failed (see above); out/ is unchanged.');
      return 'failed';
    }
    writeFileSync(join(built, STAMP), `${new Date().toISOString()}\n`);
    swapIn(root, built);
    return 'built';
  } finally {
    rmSync(built, { recursive: true, force: true });
    rmSync(lockFile, { force: true });
  }
}

/** electron-vite into `dir` (absolute: the renderer's root is renderer/, not the checkout). */
export function electronViteBuild(root) {
  return (dir) => {
    const { command, args, options } = packageCommand({
      root,
      pkg: 'electron-vite',
      args: ['build', '--outDir', resolve(dir)],
    });
    return spawnSync(command, args, { ...options, cwd: root, stdio: 'inherit' }).status === 0;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(import.meta.dirname, '..');
  const flags = new Set(process.argv.slice(2));
  const result = buildIfStale({
    root,
    always: flags.has('--always'),
    build: electronViteBuild(root),
    say: flags.has('--quiet') ? () => undefined : undefined,
  });
  process.exitCode = result === 'failed' ? 1 : 0;
}
