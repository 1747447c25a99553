/**
 * `npm start`'s runtime check (`electron/launch.mjs --check`): when it launches Electron
 * and when it falls back to the headless host, with a stand-in Electron binary; and
 * `npm run dev` (`--dev`) where Electron cannot run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LAUNCH = resolve(import.meta.dirname, 'launch.mjs');
let dir: string;

function launch(args: string[], env: NodeJS.ProcessEnv) {
  const base = { ...process.env };
  delete base.DISPLAY;
  delete base.WAYLAND_DISPLAY;
  // An empty profile unless the test gives one: the fallback reads the app's saved forums.
  return spawnSync(process.execPath, [LAUNCH, ...args], {
    env: {
      ...base,
      HEARTH_USER_DATA: join(dir, 'no-profile'),
      // As on a machine without Ubuntu's user-namespace restriction, unless a test sets it.
      HEARTH_USERNS_SYSCTL: join(dir, 'no-such-sysctl'),
      ...env,
    },
    encoding: 'utf8',
  });
}

function check(env: NodeJS.ProcessEnv): {
  electron: boolean;
  reason?: string;
  version?: string;
  hostArgs?: string[];
} {
  const result = launch(['--check'], env);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-launch-'));
  // Stands in for Electron run as Node: prints its version.
  const fake = join(dir, process.platform === 'win32' ? 'electron.exe' : 'electron');
  writeFileSync(fake, '#!/bin/sh\nprintf 45.4.1\n');
  chmodSync(fake, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('npm start runtime check', () => {
  it('falls back when there is no Electron binary, saying so in one line', () => {
    const result = check({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere'), DISPLAY: ':0' });
    expect(result.electron).toBe(false);
    expect(result.reason).toMatch(/^no Electron binary at /);
  });

  it.skipIf(process.platform !== 'linux')('falls back on Linux without a display', () => {
    const result = check({ ELECTRON_OVERRIDE_DIST_PATH: dir });
    expect(result).toEqual({
      electron: false,
      reason: 'no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)',
      hostArgs: [],
    });
  });

  it('launches Electron when the binary runs and there is a display', () => {
    const result = check({ ELECTRON_OVERRIDE_DIST_PATH: dir, DISPLAY: ':0' });
    expect(result).toMatchObject({ electron: true, version: '45.4.1' });
  });

  it.skipIf(process.platform !== 'linux')(
    'falls back under Ubuntu 24.04’s AppArmor restriction, with the fix in one line',
    () => {
      const sysctl = join(dir, 'restrict-userns');
      writeFileSync(sysctl, '1\n');
      const result = check({
        ELECTRON_OVERRIDE_DIST_PATH: dir,
        DISPLAY: ':0',
        HEARTH_USERNS_SYSCTL: sysctl,
      });
      expect(result.electron).toBe(false);
      expect(result.reason).toMatch(
        /^Ubuntu's AppArmor forbids Electron's sandbox here .*; to run the app: sudo chown root:root .*chrome-sandbox && sudo chmod 4755 .*chrome-sandbox \(or add an AppArmor profile, see build\/README\.md\)$/,
      );
      expect(result.hostArgs).toEqual([]);
    },
  );

  it('falls back when the binary is there but does not run', () => {
    const bad = mkdtempSync(join(tmpdir(), 'hearth-launch-bad-'));
    try {
      writeFileSync(join(bad, 'electron'), '#!/bin/sh\nexit 127\n');
      chmodSync(join(bad, 'electron'), 0o755);
      const result = check({ ELECTRON_OVERRIDE_DIST_PATH: bad, DISPLAY: ':0' });
      expect(result.electron).toBe(false);
      expect(result.reason).toMatch(/does not run on this machine/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('the fallback serves the forum last hosted in the app, under its name', () => {
    const profile = join(dir, 'profile');
    mkdirSync(profile, { recursive: true });
    writeFileSync(
      join(profile, 'servers.json'),
      JSON.stringify({
        version: 1,
        servers: [
          {
            kind: 'hosted',
            id: 'hosted:/data/club',
            name: 'Book club',
            host: { forumName: 'Book club', port: 4100, dataDir: '/data/club', lanVisible: true },
            lastUsedAt: '2025-01-01T00:00:00.000Z',
          },
        ],
      }),
    );
    const result = check({
      ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere'),
      HEARTH_USER_DATA: profile,
    });
    expect(result.hostArgs).toEqual([
      '--data-dir=/data/club',
      '--port=4100',
      '--host=0.0.0.0',
      '--name=Book club',
    ]);
  });
});

describe.skipIf(process.platform === 'win32')('npm run dev where Electron cannot run', () => {
  const oneLine = (result: ReturnType<typeof launch>) => {
    expect(result.status).toBe(1);
    const lines = `${result.stdout}${result.stderr}`.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
    return lines[0] ?? '';
  };

  it('stops with one line saying why when there is no Electron binary', () => {
    const line = oneLine(
      launch(['--dev'], { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere'), DISPLAY: ':0' }),
    );
    expect(line).toMatch(/^hearth: npm run dev cannot start Electron: no Electron binary at /);
    expect(line).toMatch(/npm start .*or npm run host\.$/);
  });

  it.skipIf(process.platform !== 'linux')('stops with one line when there is no display', () => {
    const line = oneLine(launch(['--dev'], { ELECTRON_OVERRIDE_DIST_PATH: dir }));
    expect(line).toContain('no display to open a window on');
  });
});
