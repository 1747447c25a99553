/**
 * What electron/launch.mjs passes on, as pure functions (launch-options.test.ts): the
 * headless host's options from the forum last hosted in the app, and the `npm run dev`
 * command that runs electron-vite with the checked Electron binary and its better-sqlite3.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The desktop app's userData: Electron's folder for productName "Hearth", or HEARTH_USER_DATA. */
export function userDataDir(env = process.env, platform = process.platform, home = homedir()) {
  if (env.HEARTH_USER_DATA) return env.HEARTH_USER_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Hearth');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Hearth');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Hearth');
}

const isObject = (v) => typeof v === 'object' && v !== null;

/** A saved hosted forum's settings, or null when the record is not one we can serve. */
function hostedConfig(server) {
  if (!isObject(server) || server.kind !== 'hosted' || !isObject(server.host)) return null;
  const { dataDir, port, lanVisible, forumName } = server.host;
  if (typeof dataDir !== 'string' || dataDir === '') return null;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  if (typeof lanVisible !== 'boolean') return null;
  const name = typeof forumName === 'string' ? forumName.trim() : '';
  // The host refuses a name outside 1..80 characters; its default beats not starting.
  return {
    dataDir,
    port,
    lanVisible,
    forumName: name.length >= 1 && name.length <= 80 ? name : null,
  };
}

/**
 * `npm run host` options that serve the forum last hosted in the app (servers.json in
 * userData): same folder, port, visibility and name. [] when there is none or the file
 * cannot be read, so the host uses its defaults (the app's default forum folder).
 * `--option=value` keeps a value that starts with `--` (a forum name can) a value.
 */
export function lastHostedArgs(userData) {
  let saved;
  try {
    saved = JSON.parse(readFileSync(join(userData, 'servers.json'), 'utf8'));
  } catch {
    return [];
  }
  const servers = isObject(saved) && Array.isArray(saved.servers) ? saved.servers : [];
  const last = servers
    .map((s) => ({
      config: hostedConfig(s),
      usedAt: isObject(s) ? String(s.lastUsedAt ?? '') : '',
    }))
    .filter((s) => s.config !== null)
    .sort((a, b) => b.usedAt.localeCompare(a.usedAt))[0]?.config;
  if (!last) return [];
  return [
    `--data-dir=${last.dataDir}`,
    `--port=${last.port}`,
    `--host=${last.lanVisible ? '0.0.0.0' : '127.0.0.1'}`,
    ...(last.forumName ? [`--name=${last.forumName}`] : []),
  ];
}

/**
 * `npm run dev`: electron-vite's dev server and Electron, started with the binary launch.mjs
 * checked (ELECTRON_EXEC_PATH, which electron-vite honours) and the better-sqlite3 built
 * for it (HEARTH_SQLITE_BINDING, read by electron/main/paths.ts), as `npm start` does.
 */
export function devCommand({ root, nodePath, electronBin, binding, args, env }) {
  return {
    command: nodePath,
    args: [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev', ...args],
    env: { ...env, ELECTRON_EXEC_PATH: electronBin, HEARTH_SQLITE_BINDING: binding },
  };
}

/**
 * Ubuntu 24.04+ forbids unprivileged user namespaces to programs without an AppArmor profile
 * (kernel.apparmor_restrict_unprivileged_userns = 1). Electron's sandbox needs one, so it
 * aborts at launch ("The SUID sandbox helper binary was found, but is not configured
 * correctly") unless a profile under /etc/apparmor.d names its binary (the deb installs one;
 * Ubuntu ships some for other apps) or its chrome-sandbox helper is setuid root.
 * Returns the one-line reason with the fix, or null when Electron can start.
 *
 * Inputs as read by launch.mjs: `restrictUserns` the sysctl file's text (null: no such file),
 * `profiles` the files directly under /etc/apparmor.d, `sandboxHelper` chrome-sandbox's owner
 * and mode (null: missing).
 */
export function appArmorBlock({ platform, restrictUserns, electronBin, profiles, sandboxHelper }) {
  if (platform !== 'linux' || restrictUserns?.trim() !== '1') return null;
  if (profiles.some(({ text }) => text.includes(electronBin))) return null;
  if (sandboxHelper && sandboxHelper.uid === 0 && (sandboxHelper.mode & 0o4000) !== 0) return null;
  const helper = join(dirname(electronBin), 'chrome-sandbox');
  return (
    `Ubuntu's AppArmor forbids Electron's sandbox here (kernel.apparmor_restrict_unprivileged_userns=1 ` +
    `and no profile in /etc/apparmor.d names ${electronBin}); to run the app: ` +
    `sudo chown root:root ${helper} && sudo chmod 4755 ${helper} (or add an AppArmor profile, see build/README.md)`
  );
}

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

/**
 * Where the first `npm start` gets Electron from, as @electron/get decides it: the mirror
 * (ELECTRON_MIRROR or npm's electron_mirror), the cache (electron_config_cache, else the
 * OS cache folder env-paths gives @electron/get) and the proxy when ELECTRON_GET_USE_PROXY
 * turns HTTPS_PROXY on (Node's fetch ignores it otherwise).
 */
export function electronSource(env = process.env, platform = process.platform, home = homedir()) {
  const mirror =
    env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR || null;
  let cache = env.electron_config_cache || null;
  if (!cache) {
    if (platform === 'win32')
      cache = join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache');
    else if (platform === 'darwin') cache = join(home, 'Library', 'Caches', 'electron');
    else cache = join(env.XDG_CACHE_HOME || join(home, '.cache'), 'electron');
  }
  const proxyVar = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || null;
  return {
    mirror: mirror ?? DEFAULT_MIRROR,
    customMirror: mirror !== null,
    cache,
    proxy: env.ELECTRON_GET_USE_PROXY && proxyVar ? proxyVar : null,
    unusedProxy: !env.ELECTRON_GET_USE_PROXY && proxyVar ? proxyVar : null,
  };
}

/** The one line launch.mjs prints before downloading. */
export function downloadNotice(version, source) {
  return (
    `downloading Electron ${version} (about 100 MB, first start only) from ` +
    `${source.mirror}${source.customMirror ? ' (ELECTRON_MIRROR)' : ''}` +
    `${source.proxy ? ` through the proxy ${source.proxy}` : ''} into the cache ${source.cache}…`
  );
}

const TIMEOUTS = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const host = (url) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * Why the download failed, for people: from the facts launch-download.mjs reports (error
 * code, HTTP status, hostname, message) and the source it used. One clause, no stack.
 */
export function downloadFailure(facts, source) {
  const code = facts?.code ?? null;
  const where = host(source.mirror);
  const proxyHint = source.unusedProxy
    ? `; HTTPS_PROXY is set but not used: also set ELECTRON_GET_USE_PROXY=1`
    : '';
  if (code && TIMEOUTS.has(code))
    return `timed out downloading from ${where} (${facts.message === 'fetch failed' ? code : facts.message}): a slow or filtered network; try again, or set ELECTRON_MIRROR to a closer mirror${proxyHint}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `DNS cannot resolve ${facts.hostname ?? where} (${code}): offline, or names outside are blocked${proxyHint}`;
  if (code === 'ECONNREFUSED')
    return source.proxy
      ? `the proxy ${source.proxy} refused the connection (ECONNREFUSED): check HTTPS_PROXY`
      : `${where} refused the connection (ECONNREFUSED)${source.customMirror ? ': check ELECTRON_MIRROR' : ''}${proxyHint}`;
  if (code === 'ECONNRESET')
    return `the connection to ${where} was cut (ECONNRESET): a proxy or firewall in the way?${proxyHint}`;
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code))
    return `the TLS certificate of ${where} was refused (${code}): a proxy that inspects HTTPS needs its CA in NODE_EXTRA_CA_CERTS`;
  if (Number.isInteger(facts?.status)) {
    const why =
      facts.status === 404
        ? `: this Electron version is not there${source.customMirror ? ' (check ELECTRON_MIRROR)' : ''}`
        : facts.status === 407
          ? ': the proxy wants credentials'
          : facts.status === 403
            ? ': access denied (a proxy or firewall?)'
            : '';
    return `HTTP ${facts.status} from ${where}${why}`;
  }
  if (/checksum/i.test(facts?.message ?? ''))
    return `the download does not match Electron's checksum (a broken mirror or proxy); try again`;
  return String(facts?.message ?? 'unknown error')
    .split('\n')[0]
    .slice(0, 160);
}
