#!/usr/bin/env node
/**
 * `npm start`: build (when out/ is stale), then launch the desktop app. Where Electron cannot
 * run here (its binary is missing and cannot be downloaded, there is no display, or Ubuntu's
 * AppArmor forbids its sandbox), say why in one line and serve the forum headlessly instead
 * (out/main/host.js) on the same data folder.
 *
 * `npm run dev` (`--dev`): the same checks and the same better-sqlite3 preparation, then
 * electron-vite's dev server with hot reload. Without a runnable Electron it stops with a
 * one-line reason (a dev session without the app has nothing to reload).
 *
 * better-sqlite3 in node_modules is built for Node (the tests load it). Electron needs its
 * own ABI, so the first Electron start builds a copy into .electron-native/ (gitignored) and
 * hands its path to the server through HEARTH_SQLITE_BINDING. node_modules is never touched.
 *
 *   node electron/launch.mjs [--no-build] [--check | --prepare | --dev] [-- host options, e.g. --port 4100]
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { buildIfStale, electronViteBuild } from '../build/build-if-stale.mjs';
import { packageCommand } from '../build/node-bin.mjs';
import {
  appArmorBlock,
  devCommand,
  downloadFailure,
  downloadNotice,
  electronSource,
  lastHostedArgs,
  userDataDir,
} from './launch-options.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const MODES = ['--no-build', '--check', '--prepare', '--dev'];
const flags = new Set(argv.filter((a) => MODES.includes(a)));
const passThrough = argv.filter((a) => !flags.has(a) && a !== '--');

function say(line) {
  process.stdout.write(`hearth: ${line}\n`);
}

/** Finds the Electron executable without triggering electron's own download-on-require. */
export function findElectron(env = process.env) {
  const pkgDir = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json')))
    return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = join(
      env.ELECTRON_OVERRIDE_DIST_PATH,
      relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'),
    );
    return existsSync(bin)
      ? { ok: true, bin }
      : { ok: false, reason: `no Electron binary at ${bin}` };
  }
  if (relative && existsSync(join(pkgDir, 'dist', relative)))
    return { ok: true, bin: join(pkgDir, 'dist', relative) };
  // Not downloaded yet (npm 11 skips electron's postinstall unless allowScripts lists it, or
  // it failed): download into Electron's cache with progress, then let electron's install.js
  // extract it from there (it finds the zip cached and does not download again).
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const source = electronSource(env);
  say(downloadNotice(version, source));
  const download = spawnSync(process.execPath, [join(ROOT, 'electron', 'launch-download.mjs')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env,
  });
  if (download.status !== 0) {
    let facts;
    try {
      facts = JSON.parse(`${download.stderr ?? ''}`.trim().split('\n').pop() ?? '');
    } catch {
      facts = { message: download.error?.message ?? `${download.stderr ?? ''}`.trim() };
    }
    return {
      ok: false,
      reason: `the Electron binary is not installed and could not be downloaded: ${downloadFailure(facts, source)}`,
    };
  }
  const extract = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    encoding: 'utf8',
    env,
    timeout: 300_000,
  });
  const after = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (extract.status === 0 && after && existsSync(join(pkgDir, 'dist', after)))
    return { ok: true, bin: join(pkgDir, 'dist', after) };
  const why = `${extract.stderr ?? ''}${extract.error?.message ?? ''}`.trim().split('\n')[0];
  return {
    ok: false,
    reason: `Electron was downloaded but could not be unpacked${why ? ` (${why.slice(0, 120)})` : ''}`,
  };
}

/** A display is needed on Linux; macOS and Windows always have one in a user session. */
export function hasDisplay(env = process.env, platform = process.platform) {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Runs the binary once as plain Node (no window needed) to prove it starts here. */
function electronVersion(bin) {
  const result = spawnSync(bin, ['-e', 'process.stdout.write(process.versions.electron ?? "")'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return result.status === 0 && result.stdout.trim() ? result.stdout.trim() : null;
}

/** Builds better-sqlite3 for Electron's ABI into .electron-native/, once per Electron version. */
function ensureElectronSqlite(version) {
  const dir = join(
    ROOT,
    '.electron-native',
    `electron-${version}-${process.platform}-${process.arch}`,
    'better-sqlite3',
  );
  const binding = join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return { ok: true, binding };
  say(`building better-sqlite3 for Electron ${version} into .electron-native/ (first start only)…`);
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  rmSync(dir, { recursive: true, force: true });
  cpSync(source, dir, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });
  const common = { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' };
  // Node runs each tool's JS entry: the .bin shims are .cmd files on Windows, which Node no
  // longer spawns without a shell (build/node-bin.mjs).
  const tool = (pkg, args) => {
    const { command, args: full, options } = packageCommand({ root: ROOT, pkg, args });
    return spawnSync(command, full, { ...common, ...options });
  };
  // A prebuilt binary when one is published; otherwise compile against Electron's headers.
  const prebuilt = tool('prebuild-install', [
    '--runtime=electron',
    `--target=${version}`,
    `--arch=${process.arch}`,
  ]);
  if (prebuilt.status !== 0 || !existsSync(binding)) {
    const compiled = tool('node-gyp', [
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${version}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ]);
    if (compiled.status !== 0 || !existsSync(binding)) {
      const last = `${compiled.stderr ?? ''}`.trim().split('\n').pop() ?? '';
      return {
        ok: false,
        reason: `better-sqlite3 could not be built for Electron ${version}${last ? ` (${last.slice(0, 120)})` : ''}`,
      };
    }
  }
  return { ok: true, binding };
}

function run(bin, args, env) {
  // In its own process group (POSIX), so a terminal's Ctrl+C reaches the child once, through
  // here. Sharing the group, it got the signal from the terminal and again from here, and took
  // the second as "stop now", skipping the clean shutdown and the WAL checkpoint.
  const child = spawn(bin, args, {
    stdio: 'inherit',
    env,
    cwd: ROOT,
    detached: process.platform !== 'win32',
  });
  // npm passes a Ctrl+C on as well: one press arrives here twice. A second press later on is
  // passed through, for someone who really wants it to stop now.
  let lastForward = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      const now = Date.now();
      if (now - lastForward < 1500) return;
      lastForward = now;
      child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The fallback's host options: those given after `--`, else the app's last hosted forum. */
function headlessArgs() {
  return passThrough.length > 0 ? passThrough : lastHostedArgs(userDataDir());
}

function runHeadless(reason) {
  say(`${reason}; starting the headless forum host instead (same data folder as the app).`);
  run(process.execPath, [join(ROOT, 'out', 'main', 'host.js'), ...headlessArgs()], process.env);
}

/** What appArmorBlock() decides from, read from this machine (Linux only; cheap elsewhere). */
function appArmorInputs(bin) {
  let electronBin = bin;
  try {
    // AppArmor attaches a profile to the executable's real path, symlinks resolved.
    electronBin = realpathSync(bin);
  } catch {
    // Keep the path as found.
  }
  const read = (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };
  // HEARTH_USERNS_SYSCTL: another file in place of the kernel's, for tests (a test machine
  // may be an Ubuntu 24.04 with the restriction on, or not).
  const restrictUserns =
    process.platform === 'linux'
      ? read(
          process.env.HEARTH_USERNS_SYSCTL ||
            '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
        )
      : null;
  if (restrictUserns?.trim() !== '1')
    return {
      platform: process.platform,
      restrictUserns,
      electronBin,
      profiles: [],
      sandboxHelper: null,
    };
  let profiles = [];
  try {
    // Profiles sit directly in /etc/apparmor.d; its subfolders hold abstractions and tunables.
    profiles = readdirSync('/etc/apparmor.d', { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => ({
        file: entry.name,
        text: read(join('/etc/apparmor.d', entry.name)) ?? '',
      }));
  } catch {
    // No readable /etc/apparmor.d: no profile names this Electron.
  }
  let sandboxHelper = null;
  try {
    const { uid, mode } = statSync(join(dirname(electronBin), 'chrome-sandbox'));
    sandboxHelper = { uid, mode };
  } catch {
    // No helper next to the binary.
  }
  return { platform: process.platform, restrictUserns, electronBin, profiles, sandboxHelper };
}

/** `{ reason }` when Electron cannot run here; else the binary and its version. */
function electronCheck() {
  const electron = findElectron();
  if (!electron.ok) return { reason: electron.reason };
  if (!hasDisplay())
    return { reason: 'no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  const version = electronVersion(electron.bin);
  if (!version)
    return { reason: `the Electron binary at ${electron.bin} does not run on this machine` };
  // Running as Node (above) needs no sandbox; opening a window does, and would abort.
  const blocked = appArmorBlock(appArmorInputs(electron.bin));
  if (blocked) return { reason: blocked };
  return { reason: null, bin: electron.bin, version };
}

function dev() {
  const fail = (why) => {
    process.stderr.write(
      `hearth: npm run dev cannot start Electron: ${why}. Use npm start (it falls back to the headless host) or npm run host.\n`,
    );
    process.exitCode = 1;
  };
  const check = electronCheck();
  if (check.reason) return fail(check.reason);
  const sqlite = ensureElectronSqlite(check.version);
  if (!sqlite.ok) return fail(sqlite.reason);
  const { command, args, env } = devCommand({
    root: ROOT,
    nodePath: process.execPath,
    electronBin: check.bin,
    binding: sqlite.binding,
    args: passThrough,
    env: process.env,
  });
  run(command, args, env);
}

function main() {
  if (flags.has('--dev')) return dev();
  if (!flags.has('--no-build') && !flags.has('--check') && !flags.has('--prepare')) {
    // Only when out/ is stale, and by swapping in a finished build: a host already serving
    // this checkout's out/ keeps working (build/build-if-stale.mjs).
    if (buildIfStale({ root: ROOT, build: electronViteBuild(ROOT) }) === 'failed') {
      process.stderr.write('hearth: the build failed (see above); nothing was started.\n');
      process.exitCode = 1;
      return;
    }
  }
  const check = electronCheck();
  const { reason, bin: electronBin, version } = check;
  if (flags.has('--check')) {
    process.stdout.write(
      `${JSON.stringify(reason ? { electron: false, reason, hostArgs: headlessArgs() } : { electron: true, bin: electronBin, version })}\n`,
    );
    return;
  }
  if (flags.has('--prepare')) {
    // For the Electron E2E test: what `npm start` would launch with, as JSON, without launching.
    const sqlite = reason ? null : ensureElectronSqlite(version);
    const why = reason ?? (sqlite && !sqlite.ok ? sqlite.reason : null);
    const ready = { electron: true, bin: electronBin, version, binding: sqlite?.binding };
    process.stdout.write(`${JSON.stringify(why ? { electron: false, reason: why } : ready)}\n`);
    return;
  }
  if (reason) return runHeadless(reason);
  const sqlite = ensureElectronSqlite(version);
  if (!sqlite.ok) return runHeadless(sqlite.reason);
  run(electronBin, [ROOT, ...passThrough], {
    ...process.env,
    HEARTH_SQLITE_BINDING: sqlite.binding,
  });
}

try {
  main();
} catch (err) {
  // One line, not a stack: this is a user's first command.
  process.stderr.write(`hearth: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
