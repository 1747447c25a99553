/**
 * The Node build of better-sqlite3 while `npm run dist` swaps in Electron's: one node_modules
 * holds one build, and electron-builder rebuilds it in place for Electron. dist.mjs backs the
 * Node build up and marks the run (a lock file with its pid); every normal or signalled end
 * restores it. A run killed hard (SIGKILL, power cut) leaves the lock behind, and the next
 * `npm test` / `npm start` / `npm run dist` restores the backup (restore-native.mjs).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { moduleAbis } from './native-abi.mjs';

/** Where the binding, @electron/rebuild's skip marker, the backup and the lock live. */
export function nativePaths(root, sqliteDir = join(root, 'node_modules', 'better-sqlite3')) {
  const release = join(sqliteDir, 'build', 'Release');
  const backupDir = join(root, '.electron-native', 'node-abi-backup');
  return {
    binding: join(release, 'better_sqlite3.node'),
    // @electron/rebuild skips a module whose marker names the target ABI; after a restore the
    // marker lies (the file is the Node build again), so it goes with every restore.
    forgeMeta: join(release, '.forge-meta'),
    backup: join(backupDir, 'better_sqlite3.node'),
    lock: join(backupDir, 'dist.lock'),
  };
}

/**
 * Copies through a temporary file and a rename. Writing into the existing file would change
 * every hard link to it (node_modules trees copied with `cp -al` or a package store share them),
 * and a rename never leaves a half-written binding behind.
 */
function replaceFile(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/** Before packaging: back up the Node build, mark the run, and make the rebuild happen. */
export function backupNodeBuild(paths, pid = process.pid) {
  replaceFile(paths.binding, paths.backup);
  writeFileSync(paths.lock, JSON.stringify({ pid, startedAt: new Date().toISOString() }));
  forceRebuild(paths);
}

/** Without its marker @electron/rebuild cannot skip better-sqlite3: it always rebuilds. */
export function forceRebuild(paths) {
  rmSync(paths.forgeMeta, { force: true });
}

/** Puts the Node build back and clears the run's marks. Safe to call twice. */
export function restoreNodeBuild(paths) {
  if (existsSync(paths.backup)) replaceFile(paths.backup, paths.binding);
  clearDistMarks(paths);
}

/**
 * Only the marks of a run that ended before it changed the binding: the binding stays (the
 * backup may be older than it, e.g. from before an upgrade of better-sqlite3).
 */
export function clearDistMarks(paths) {
  rmSync(paths.forgeMeta, { force: true });
  rmSync(paths.lock, { force: true });
}

function readLock(lock) {
  try {
    const data = JSON.parse(readFileSync(lock, 'utf8'));
    return Number.isInteger(data?.pid) ? data : { pid: null };
  } catch {
    return null;
  }
}

function abisOf(file) {
  try {
    return moduleAbis(readFileSync(file));
  } catch {
    return null;
  }
}

/** Whether a process is alive (signal 0 checks without sending anything). */
export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * What the next command should do about the binding, given this Node's ABI:
 * - `ok`: it is built for this Node (a stale lock is cleared quietly);
 * - `busy`: a dist run is still going (its pid is alive): leave it alone;
 * - `restore`: an interrupted dist left Electron's build; the backup fits this Node;
 * - `rebuild`: built for another ABI and no fitting backup (e.g. Node was upgraded);
 * - `missing`: no binding at all (not installed yet).
 */
export function nativeState(paths, nodeAbi, isAlive = processAlive) {
  const lock = existsSync(paths.lock) ? readLock(paths.lock) : null;
  if (lock?.pid && lock.pid !== process.pid && isAlive(lock.pid))
    return { action: 'busy', pid: lock.pid };
  const abis = abisOf(paths.binding);
  if (abis === null) return { action: 'missing' };
  if (abis.length === 1 && abis[0] === nodeAbi) return { action: 'ok', staleLock: lock !== null };
  const backupAbis = abisOf(paths.backup);
  if (backupAbis?.length === 1 && backupAbis[0] === nodeAbi) return { action: 'restore', abis };
  return { action: 'rebuild', abis };
}
