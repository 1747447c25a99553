#!/usr/bin/env node
/**
 * Runs first in `npm test`, `npm run test:unit`, `npm start`, `npm run dev`, `npm run host` and
 * `npm run dist` (npm `pre` scripts): if an interrupted `npm run dist` left better-sqlite3 built
 * for Electron in node_modules, put the Node build back from its backup and say so in one line.
 * Silent when there is nothing to do. Never fails the command it runs before: where it cannot
 * fix things it says what to run.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearDistMarks, nativePaths, nativeState, restoreNodeBuild } from './native-backup.mjs';

/** The one line to print (or null) and whether to restore, for a nativeState() result. */
export function restoreMessage(state, nodeAbi) {
  switch (state.action) {
    case 'restore':
      return {
        restore: true,
        line: `hearth: an interrupted \`npm run dist\` left better-sqlite3 built for Electron (ABI ${state.abis.join(', ')}) in node_modules; restored the Node build (ABI ${nodeAbi}) from .electron-native/node-abi-backup/.`,
      };
    case 'busy':
      return {
        restore: false,
        line: `hearth: \`npm run dist\` (pid ${state.pid}) is packaging with better-sqlite3 built for Electron; Node tests cannot load it until it ends.`,
      };
    case 'rebuild':
      return {
        restore: false,
        line: `hearth: better-sqlite3 in node_modules is built for ABI ${state.abis.join(', ') || '(none)'} but this Node (${process.version}) needs ABI ${nodeAbi}: run \`npm rebuild better-sqlite3\`.`,
      };
    case 'ok':
      return { restore: false, clear: state.staleLock, line: null };
    default:
      return { restore: false, line: null };
  }
}

export function restoreIfInterrupted(paths, nodeAbi = Number(process.versions.modules)) {
  const state = nativeState(paths, nodeAbi);
  const { restore, clear, line } = restoreMessage(state, nodeAbi);
  if (restore) restoreNodeBuild(paths);
  else if (clear) clearDistMarks(paths);
  if (line) process.stdout.write(`${line}\n`);
  return state.action;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    restoreIfInterrupted(nativePaths(resolve(import.meta.dirname, '..')));
  } catch (err) {
    process.stdout.write(
      `hearth: could not check the better-sqlite3 build (${err instanceof Error ? err.message : String(err)}).\n`,
    );
  }
}
