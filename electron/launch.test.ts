/**
 * `npm start`'s runtime check (`electron/launch.mjs --check`): when it launches Electron
 * and when it falls back to the headless host, with a stand-in Electron binary.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LAUNCH = resolve(import.meta.dirname, 'launch.mjs');
let dir: string;

function check(env: NodeJS.ProcessEnv): { electron: boolean; reason?: string; version?: string } {
  const base = { ...process.env };
  delete base.DISPLAY;
  delete base.WAYLAND_DISPLAY;
  const result = spawnSync(process.execPath, [LAUNCH, '--check'], {
    env: { ...base, ...env },
    encoding: 'utf8',
  });
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
    });
  });

  it('launches Electron when the binary runs and there is a display', () => {
    const result = check({ ELECTRON_OVERRIDE_DIST_PATH: dir, DISPLAY: ':0' });
    expect(result).toMatchObject({ electron: true, version: '45.4.1' });
  });

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
});
