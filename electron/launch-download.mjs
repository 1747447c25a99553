#!/usr/bin/env node
/**
 * Downloads the Electron zip into Electron's cache, showing progress, for launch.mjs: the first
 * `npm start` after an install that skipped Electron's postinstall. electron's own install.js
 * then extracts it from the cache without downloading again. Uses electron's @electron/get, so
 * ELECTRON_MIRROR, electron_config_cache, ELECTRON_GET_USE_PROXY and the checksums shipped with
 * the electron package apply exactly as in `npm install`.
 *
 *   node electron/launch-download.mjs [--stall-ms N]
 *
 * Progress goes to stdout. On failure the last line on stderr is JSON describing the error
 * (name, message, code, status, hostname) for launch-options' downloadFailure(); exit code 1.
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const electronDir = join(ROOT, 'node_modules', 'electron');
const requireFromElectron = createRequire(join(electronDir, 'package.json'));

const stallArg = process.argv.indexOf('--stall-ms');
// Fetch has no overall timeout: a connection that stops sending would hang the first start.
const STALL_MS = stallArg > 0 ? Number(process.argv[stallArg + 1]) : 60_000;
let stalled = false;

/** The error's facts that say what went wrong (fetch hides them in `cause`, sometimes nested). */
function describe(err) {
  const cause = err?.cause;
  const inner = cause?.errors?.[0] ?? cause?.cause;
  return {
    name: err?.name ?? 'Error',
    message: String(err?.message ?? err),
    code: cause?.code ?? inner?.code ?? err?.code ?? null,
    status: err?.response?.status ?? null,
    hostname: cause?.hostname ?? inner?.hostname ?? null,
  };
}

async function main() {
  const { version } = requireFromElectron('./package.json');
  const checksums = requireFromElectron('./checksums.json');
  const getEntry = requireFromElectron.resolve('@electron/get');
  const { downloadArtifact } = await import(pathToFileURL(getEntry).href);

  const abort = new AbortController();
  let stall;
  const watch = () => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      stalled = true;
      abort.abort();
    }, STALL_MS);
  };
  let shown = -1;
  const tty = process.stdout.isTTY;
  const progress = ({ transferred, total }) => {
    watch();
    const mb = (transferred / 1e6).toFixed(0);
    const percent = total ? Math.floor((transferred / total) * 100) : null;
    // A line per 10% when not on a terminal (logs, CI); one updating line on a terminal.
    const step = percent === null ? Math.floor(transferred / 10e6) : Math.floor(percent / 10);
    if (tty)
      process.stdout.write(
        `\rhearth: downloading Electron ${version}: ${percent ?? '?'}% (${mb} MB)   `,
      );
    else if (step !== shown)
      process.stdout.write(
        `hearth: downloading Electron ${version}: ${percent ?? '?'}% (${mb} MB)\n`,
      );
    shown = step;
  };
  watch();
  try {
    const zip = await downloadArtifact({
      version,
      artifactName: 'electron',
      cacheRoot: process.env.electron_config_cache,
      checksums:
        process.env.electron_use_remote_checksums ||
        process.env.npm_config_electron_use_remote_checksums
          ? undefined
          : checksums,
      platform: process.env.npm_config_platform || process.platform,
      arch: process.env.npm_config_arch || process.arch,
      downloadOptions: { quiet: true, signal: abort.signal, getProgressCallback: progress },
    });
    if (tty) process.stdout.write('\n');
    process.stdout.write(`hearth: Electron ${version} is in the cache (${dirname(zip)})\n`);
  } finally {
    clearTimeout(stall);
  }
}

main().catch((err) => {
  if (process.stdout.isTTY) process.stdout.write('\n');
  const facts = stalled
    ? {
        ...describe(err),
        code: 'ETIMEDOUT',
        message: `no data for ${Math.round(STALL_MS / 1000)} s`,
      }
    : describe(err);
  process.stderr.write(`${JSON.stringify(facts)}\n`);
  process.exit(1);
});
