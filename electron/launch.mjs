#!/usr/bin/env node
/**
 * `npm start`: build, then launch the desktop app. Where Electron cannot run here (its
 * binary is missing and cannot be downloaded, or there is no display), say why in one line
 * and serve the forum headlessly instead (out/main/host.js) on the same data folder.
 *
 * better-sqlite3 in node_modules is built for Node (the tests load it). Electron needs its
 * own ABI, so the first Electron start builds a copy into .electron-native/ (gitignored) and
 * hands its path to the server through HEARTH_SQLITE_BINDING. node_modules is never touched.
 *
 *   node electron/launch.mjs [--no-build] [--check | --prepare] [-- host options, e.g. --port 4100]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const flags = new Set(
  argv.filter((a) => a === '--no-build' || a === '--check' || a === '--prepare'),
);
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
  // Not downloaded yet (or a failed postinstall): try once, quietly.
  const download = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const after = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (download.status === 0 && after && existsSync(join(pkgDir, 'dist', after)))
    return { ok: true, bin: join(pkgDir, 'dist', after) };
  const why = `${download.stderr ?? ''}${download.error?.message ?? ''}`
    .split('\n')
    .find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|fetch failed|timed out/i.test(l));
  return {
    ok: false,
    reason: `the Electron binary is not installed and could not be downloaded${why ? ` (${why.trim().slice(0, 120)})` : ''}`,
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
  const bin = (name) =>
    join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  // A prebuilt binary when one is published; otherwise compile against Electron's headers.
  const prebuilt = spawnSync(
    bin('prebuild-install'),
    ['--runtime=electron', `--target=${version}`, `--arch=${process.arch}`],
    common,
  );
  if (prebuilt.status !== 0 || !existsSync(binding)) {
    const compiled = spawnSync(
      bin('node-gyp'),
      [
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${version}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      common,
    );
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

/** The desktop app's userData (Electron's path for productName "Hearth"). */
function userDataDir(env = process.env) {
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Hearth');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Hearth');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Hearth');
}

/** Host options from the forum last hosted in the app, so the fallback serves that forum. */
function lastHostedArgs() {
  try {
    const saved = JSON.parse(readFileSync(join(userDataDir(), 'servers.json'), 'utf8'));
    const hosted = saved.servers
      ?.filter((s) => s.kind === 'hosted')
      .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt))[0];
    if (!hosted) return [];
    const h = hosted.host;
    return [
      '--data-dir',
      h.dataDir,
      '--port',
      String(h.port),
      '--host',
      h.lanVisible ? '0.0.0.0' : '127.0.0.1',
    ];
  } catch {
    return [];
  }
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

function runHeadless(reason) {
  say(`${reason}; starting the headless forum host instead (same data folder as the app).`);
  const args = passThrough.length > 0 ? passThrough : lastHostedArgs();
  run(process.execPath, [join(ROOT, 'out', 'main', 'host.js'), ...args], process.env);
}

function main() {
  if (!flags.has('--no-build') && !flags.has('--check') && !flags.has('--prepare')) {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
  }
  const electron = findElectron();
  let reason = null;
  if (!electron.ok) reason = electron.reason;
  else if (!hasDisplay())
    reason = 'no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)';
  let version = null;
  if (!reason) {
    version = electronVersion(electron.bin);
    if (!version) reason = `the Electron binary at ${electron.bin} does not run on this machine`;
  }
  if (flags.has('--check')) {
    process.stdout.write(
      `${JSON.stringify(reason ? { electron: false, reason } : { electron: true, bin: electron.bin, version })}\n`,
    );
    return;
  }
  if (flags.has('--prepare')) {
    // For the Electron E2E test: what `npm start` would launch with, as JSON, without launching.
    const sqlite = reason ? null : ensureElectronSqlite(version);
    const why = reason ?? (sqlite && !sqlite.ok ? sqlite.reason : null);
    const ready = { electron: true, bin: electron.bin, version, binding: sqlite?.binding };
    process.stdout.write(`${JSON.stringify(why ? { electron: false, reason: why } : ready)}\n`);
    return;
  }
  if (reason) return runHeadless(reason);
  const sqlite = ensureElectronSqlite(version);
  if (!sqlite.ok) return runHeadless(sqlite.reason);
  run(electron.bin, [ROOT, ...passThrough], {
    ...process.env,
    HEARTH_SQLITE_BINDING: sqlite.binding,
  });
}

main();
