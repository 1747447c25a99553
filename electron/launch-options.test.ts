/**
 * What `npm start` and `npm run dev` pass on (electron/launch-options.mjs): the headless
 * fallback's options from the forum last hosted in the app, and the dev command.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHostArgs } from '../server/entry/host-args';
import {
  appArmorBlock,
  devCommand,
  downloadFailure,
  downloadNotice,
  electronSource,
  lastHostedArgs,
  userDataDir,
} from './launch-options.mjs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-launch-options-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function saveServers(servers: unknown[]): void {
  writeFileSync(join(dir, 'servers.json'), JSON.stringify({ version: 1, servers }));
}

function hosted(
  name: string,
  lastUsedAt: string,
  host: Record<string, unknown> = {},
): Record<string, unknown> {
  const dataDir = `/data/${name}`;
  return {
    kind: 'hosted',
    id: `hosted:${dataDir}`,
    name,
    host: { forumName: name, port: 4000, dataDir, lanVisible: true, ...host },
    lastUsedAt,
  };
}

describe('lastHostedArgs (npm start without Electron serves the last hosted forum)', () => {
  it('passes the folder, port, visibility and forum name of the most recently used hosted forum', () => {
    saveServers([
      hosted('Book club', '2025-01-01T10:00:00.000Z', { port: 4100 }),
      {
        kind: 'joined',
        id: 'joined:http://10.0.0.2:4000',
        name: 'Newer but joined',
        url: 'http://10.0.0.2:4000',
        lastUsedAt: '2025-03-01T10:00:00.000Z',
      },
      hosted('Family', '2025-02-01T10:00:00.000Z', { port: 4200, lanVisible: false }),
    ]);
    expect(lastHostedArgs(dir)).toEqual([
      '--data-dir=/data/Family',
      '--port=4200',
      '--host=127.0.0.1',
      '--name=Family',
    ]);
  });

  it('the headless host parses them back to the same forum, even a name that looks like an option', () => {
    saveServers([
      hosted('--port 1 = not an option', '2025-01-01T00:00:00.000Z', {
        dataDir: '/home/me/My Forum',
      }),
    ]);
    expect(parseHostArgs(lastHostedArgs(dir))).toEqual({
      kind: 'run',
      options: {
        dataDir: '/home/me/My Forum',
        port: 4000,
        host: '0.0.0.0',
        forumName: '--port 1 = not an option',
      },
    });
  });

  it('leaves the name out when the host would refuse it, rather than not starting', () => {
    saveServers([hosted('x', '2025-01-01T00:00:00.000Z', { forumName: 'y'.repeat(81) })]);
    expect(lastHostedArgs(dir)).toEqual(['--data-dir=/data/x', '--port=4000', '--host=0.0.0.0']);
    saveServers([hosted('x', '2025-01-01T00:00:00.000Z', { forumName: '   ' })]);
    expect(parseHostArgs(lastHostedArgs(dir))).toMatchObject({ kind: 'run' });
  });

  it('skips a hand-edited record it cannot serve and takes the next one', () => {
    saveServers([
      hosted('Broken', '2025-05-01T00:00:00.000Z', { port: 0 }),
      hosted('No folder', '2025-04-01T00:00:00.000Z', { dataDir: '' }),
      { kind: 'hosted', lastUsedAt: '2025-03-01T00:00:00.000Z' },
      null,
      hosted('Good', '2025-01-01T00:00:00.000Z'),
    ]);
    expect(lastHostedArgs(dir)).toContain('--name=Good');
  });

  it('gives nothing (the host defaults) without a file, with a corrupt one, or with no hosted forum', () => {
    expect(lastHostedArgs(dir)).toEqual([]);
    writeFileSync(join(dir, 'servers.json'), '{ not json');
    expect(lastHostedArgs(dir)).toEqual([]);
    writeFileSync(join(dir, 'servers.json'), JSON.stringify({ version: 1, servers: 'nope' }));
    expect(lastHostedArgs(dir)).toEqual([]);
    saveServers([]);
    expect(lastHostedArgs(dir)).toEqual([]);
  });
});

describe('userDataDir (the app profile the fallback reads)', () => {
  it('is Electron’s folder for productName Hearth on each platform, or HEARTH_USER_DATA', () => {
    expect(userDataDir({}, 'linux', '/home/me')).toBe(join('/home/me', '.config', 'Hearth'));
    expect(userDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/me')).toBe(
      join('/cfg', 'Hearth'),
    );
    expect(userDataDir({}, 'darwin', '/Users/me')).toBe(
      join('/Users/me', 'Library', 'Application Support', 'Hearth'),
    );
    expect(userDataDir({ APPDATA: '/appdata' }, 'win32', '/home/me')).toBe(
      join('/appdata', 'Hearth'),
    );
    expect(userDataDir({ HEARTH_USER_DATA: '/profiles/b' }, 'linux', '/home/me')).toBe(
      '/profiles/b',
    );
  });
});

describe('devCommand (npm run dev)', () => {
  it('runs electron-vite dev with the checked Electron binary and its better-sqlite3 build', () => {
    const cmd = devCommand({
      root: '/repo',
      nodePath: '/usr/bin/node',
      electronBin: '/opt/electron/electron',
      binding:
        '/repo/.electron-native/electron-45.4.1-linux-x64/better-sqlite3/build/Release/better_sqlite3.node',
      args: ['--watch'],
      env: { PATH: '/usr/bin', HEARTH_USER_DATA: '/tmp/p' },
    });
    expect(cmd).toEqual({
      command: '/usr/bin/node',
      args: [
        join('/repo', 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
        'dev',
        '--watch',
      ],
      env: {
        PATH: '/usr/bin',
        HEARTH_USER_DATA: '/tmp/p',
        // electron-vite launches this binary instead of resolving (and failing on) its own.
        ELECTRON_EXEC_PATH: '/opt/electron/electron',
        // electron/main/paths.ts hands it to the forum server: not node_modules' Node build.
        HEARTH_SQLITE_BINDING:
          '/repo/.electron-native/electron-45.4.1-linux-x64/better-sqlite3/build/Release/better_sqlite3.node',
      },
    });
  });
});

describe('appArmorBlock (Ubuntu 24.04+ user-namespace restriction)', () => {
  const electronBin = '/home/ana/hearth/node_modules/electron/dist/electron';
  // Recorded from Ubuntu 24.04: the sysctl file, and profiles as Ubuntu and the deb ship them.
  const ubuntuProfiles = [
    {
      file: 'code',
      text: 'abi <abi/4.0>,\ninclude <tunables/global>\n\nprofile vscode /usr/share/code/code flags=(unconfined) {\n  userns,\n\n  # Site-specific additions and overrides. See local/README for details.\n  include if exists <local/code>\n}\n',
    },
    {
      file: 'hearth',
      text: 'abi <abi/4.0>,\ninclude <tunables/global>\n\nprofile "hearth" "/opt/Hearth/hearth" flags=(unconfined) {\n  userns,\n\n  include if exists <local/hearth>\n}\n',
    },
  ];
  const ubuntu = {
    platform: 'linux' as const,
    restrictUserns: '1\n',
    electronBin,
    profiles: ubuntuProfiles,
    sandboxHelper: { uid: 1000, mode: 0o100755 },
  };

  it('blocks the npm-installed Electron on Ubuntu 24.04, in one line with the fix', () => {
    const reason = appArmorBlock(ubuntu);
    expect(reason).toContain('kernel.apparmor_restrict_unprivileged_userns=1');
    expect(reason).toContain(`no profile in /etc/apparmor.d names ${electronBin}`);
    expect(reason).toContain(
      'sudo chown root:root /home/ana/hearth/node_modules/electron/dist/chrome-sandbox && sudo chmod 4755 /home/ana/hearth/node_modules/electron/dist/chrome-sandbox',
    );
    expect(reason).not.toContain('\n');
  });

  it('lets Electron start when a profile names its path (the installed deb’s, quoted)', () => {
    expect(appArmorBlock({ ...ubuntu, electronBin: '/opt/Hearth/hearth' })).toBeNull();
    const own = {
      file: 'hearth-dev',
      text: `profile hearth-dev ${electronBin} flags=(unconfined) {\n  userns,\n}\n`,
    };
    expect(appArmorBlock({ ...ubuntu, profiles: [...ubuntuProfiles, own] })).toBeNull();
  });

  it('lets Electron start when chrome-sandbox is setuid root (the SUID sandbox works)', () => {
    expect(appArmorBlock({ ...ubuntu, sandboxHelper: { uid: 0, mode: 0o104755 } })).toBeNull();
    // Setuid but not root's, or root's without setuid: still blocked.
    expect(
      appArmorBlock({ ...ubuntu, sandboxHelper: { uid: 1000, mode: 0o104755 } }),
    ).not.toBeNull();
    expect(appArmorBlock({ ...ubuntu, sandboxHelper: { uid: 0, mode: 0o100755 } })).not.toBeNull();
  });

  it('does nothing where the restriction is off or absent, and off Linux', () => {
    expect(appArmorBlock({ ...ubuntu, restrictUserns: '0\n' })).toBeNull();
    expect(appArmorBlock({ ...ubuntu, restrictUserns: null })).toBeNull(); // Debian, Fedora, WSL
    expect(appArmorBlock({ ...ubuntu, platform: 'darwin' })).toBeNull();
    expect(appArmorBlock({ ...ubuntu, platform: 'win32' })).toBeNull();
  });
});

describe('where the first start downloads Electron from (electronSource)', () => {
  it('names the default mirror and each OS’s Electron cache', () => {
    const home = '/home/ana';
    expect(electronSource({}, 'linux', home)).toEqual({
      mirror: 'https://github.com/electron/electron/releases/download/',
      customMirror: false,
      cache: '/home/ana/.cache/electron',
      proxy: null,
      unusedProxy: null,
    });
    expect(electronSource({ XDG_CACHE_HOME: '/c' }, 'linux', home).cache).toBe('/c/electron');
    expect(electronSource({}, 'darwin', home).cache).toBe('/home/ana/Library/Caches/electron');
    expect(electronSource({ LOCALAPPDATA: 'L' }, 'win32', home).cache).toBe(
      join('L', 'electron', 'Cache'),
    );
  });

  it('honours ELECTRON_MIRROR (or npm’s electron_mirror), electron_config_cache and the proxy switch', () => {
    const source = electronSource(
      {
        ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/',
        electron_config_cache: '/srv/electron-cache',
        HTTPS_PROXY: 'http://proxy:3128',
        ELECTRON_GET_USE_PROXY: '1',
      },
      'linux',
    );
    expect(source).toMatchObject({
      mirror: 'https://npmmirror.com/mirrors/electron/',
      customMirror: true,
      cache: '/srv/electron-cache',
      proxy: 'http://proxy:3128',
      unusedProxy: null,
    });
    expect(electronSource({ npm_config_electron_mirror: 'https://m/' }, 'linux').mirror).toBe(
      'https://m/',
    );
    expect(downloadNotice('45.4.1', source)).toBe(
      'downloading Electron 45.4.1 (about 100 MB, first start only) from https://npmmirror.com/mirrors/electron/ (ELECTRON_MIRROR) through the proxy http://proxy:3128 into the cache /srv/electron-cache…',
    );
  });
});

describe('why a download failed (downloadFailure)', () => {
  const direct = electronSource({}, 'linux', '/home/ana');
  const proxied = electronSource(
    { HTTPS_PROXY: 'http://proxy:3128', ELECTRON_GET_USE_PROXY: '1' },
    'linux',
  );
  const proxyIgnored = electronSource({ HTTPS_PROXY: 'http://proxy:3128' }, 'linux');
  const fetchFailed = (code: string, hostname?: string) => ({
    message: 'fetch failed',
    code,
    hostname: hostname ?? null,
  });

  it.each([
    [
      'a connect timeout',
      fetchFailed('UND_ERR_CONNECT_TIMEOUT'),
      direct,
      'timed out downloading from github.com (UND_ERR_CONNECT_TIMEOUT): a slow or filtered network; try again, or set ELECTRON_MIRROR to a closer mirror',
    ],
    [
      'ETIMEDOUT',
      fetchFailed('ETIMEDOUT'),
      direct,
      'timed out downloading from github.com (ETIMEDOUT): a slow or filtered network; try again, or set ELECTRON_MIRROR to a closer mirror',
    ],
    [
      'no DNS',
      fetchFailed('ENOTFOUND', 'github.com'),
      direct,
      'DNS cannot resolve github.com (ENOTFOUND): offline, or names outside are blocked',
    ],
    [
      'DNS not answering, with a proxy set but not switched on',
      fetchFailed('EAI_AGAIN', 'github.com'),
      proxyIgnored,
      'DNS cannot resolve github.com (EAI_AGAIN): offline, or names outside are blocked; HTTPS_PROXY is set but not used: also set ELECTRON_GET_USE_PROXY=1',
    ],
    [
      'the proxy refusing',
      fetchFailed('ECONNREFUSED'),
      proxied,
      'the proxy http://proxy:3128 refused the connection (ECONNREFUSED): check HTTPS_PROXY',
    ],
    [
      'the server refusing',
      fetchFailed('ECONNREFUSED'),
      direct,
      'github.com refused the connection (ECONNREFUSED)',
    ],
    [
      'a proxy wanting credentials',
      { message: 'Response code 407', status: 407 },
      proxied,
      'HTTP 407 from github.com: the proxy wants credentials',
    ],
    [
      'a version missing from the mirror',
      { message: 'Response code 404 (Not Found)', status: 404 },
      direct,
      'HTTP 404 from github.com: this Electron version is not there',
    ],
    [
      'an inspecting proxy’s certificate',
      fetchFailed('SELF_SIGNED_CERT_IN_CHAIN'),
      direct,
      'the TLS certificate of github.com was refused (SELF_SIGNED_CERT_IN_CHAIN): a proxy that inspects HTTPS needs its CA in NODE_EXTRA_CA_CERTS',
    ],
    [
      'a checksum mismatch',
      { message: 'Generated checksum for "electron-v45.4.1-linux-x64.zip" did not match' },
      direct,
      "the download does not match Electron's checksum (a broken mirror or proxy); try again",
    ],
  ])('%s', (_case, facts, source, expected) => {
    expect(downloadFailure(facts, source)).toBe(expected);
  });

  it('anything else: its first line, short', () => {
    expect(downloadFailure({ message: `disk full\n    at x (y.js:1:2)` }, direct)).toBe(
      'disk full',
    );
    expect(downloadFailure(null, direct)).toBe('unknown error');
  });
});
