#!/usr/bin/env node
/**
 * Runs first in `npm test`, `npm run test:unit`, `npm start`, `npm run dev`, `npm run host` and
 * `npm run dist` (npm `pre` scripts): stops with one line when this Node is too old for Hearth.
 * better-sqlite3 13 is a Node-API 10 module: on an older Node (20, 22 before 22.12) it does not
 * fail with a message, it crashes the process with a segmentation fault, so this says why
 * before anything loads it.
 */
import { pathToFileURL } from 'node:url';

export const MINIMUM = { major: 22, minor: 12 };
/** The Node-API version better-sqlite3's prebuilt binaries are built for (binding.gyp). */
export const NODE_API_NEEDED = 10;

/** The line to print when `versions` (process.versions) cannot run Hearth, else null. */
export function nodeTooOld(versions) {
  const [major = 0, minor = 0] = versions.node.split('.').map(Number);
  const napi = Number(versions.napi ?? 0);
  const versionOk = major > MINIMUM.major || (major === MINIMUM.major && minor >= MINIMUM.minor);
  if (versionOk && napi >= NODE_API_NEEDED) return null;
  return (
    `hearth: Node ${versions.node} is too old: Hearth needs Node ${MINIMUM.major}.${MINIMUM.minor} or newer ` +
    `(its SQLite library needs Node-API ${NODE_API_NEEDED}; this Node has ${napi}). ` +
    'Install Node 22 or 24 (`nvm install` reads .nvmrc) and run the command again.'
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const line = nodeTooOld(process.versions);
  if (line) {
    process.stderr.write(`${line}\n`);
    process.exit(1);
  }
}
