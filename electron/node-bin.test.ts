/**
 * The packaging and launch scripts start electron-vite, electron-builder, node-gyp and
 * prebuild-install as `node <the package's JS entry>` (build/node-bin.mjs): on Windows the
 * node_modules/.bin shims are .cmd files, which Node refuses to spawn without a shell since
 * the CVE-2024-27980 fix. Checked with the platform faked to win32, and by running the result.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binEntry, packageCommand } from '../build/node-bin.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const TOOLS = [
  ['electron-vite', undefined, 'bin/electron-vite.js'],
  ['electron-builder', undefined, 'cli.js'],
  ['node-gyp', undefined, 'bin/node-gyp.js'],
  ['prebuild-install', undefined, 'bin.js'],
] as const;

describe('packageCommand', () => {
  it.each(TOOLS)(
    'on win32, %s runs as node + its JS entry, with no shell and no .cmd',
    (pkg, bin, entry) => {
      const result = packageCommand({
        root: ROOT,
        pkg,
        bin,
        args: ['build', 'a path with spaces & ampersand'],
        execPath: 'C:\\Program Files\\nodejs\\node.exe',
        platform: 'win32',
      });
      expect(result.command).toBe('C:\\Program Files\\nodejs\\node.exe');
      expect(result.args[0]).toBe(join(ROOT, 'node_modules', pkg, entry));
      expect(result.args.slice(1)).toEqual(['build', 'a path with spaces & ampersand']);
      expect(result.args.join(' ')).not.toMatch(/\.cmd\b|node_modules[\\/]\.bin/);
      expect(result.options).toEqual({ shell: false, windowsHide: true });
    },
  );

  it('is the same on Linux and macOS, without windowsHide', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const result = packageCommand({
        root: ROOT,
        pkg: 'node-gyp',
        execPath: '/usr/bin/node',
        platform,
      });
      expect(result).toEqual({
        command: '/usr/bin/node',
        args: [join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')],
        options: { shell: false, windowsHide: false },
      });
    }
  });

  it('the command it gives really starts the tool here', () => {
    const { command, args, options } = packageCommand({
      root: ROOT,
      pkg: 'node-gyp',
      args: ['--version'],
    });
    const result = spawnSync(command, args, { ...options, encoding: 'utf8' });
    const { version } = JSON.parse(
      readFileSync(join(ROOT, 'node_modules', 'node-gyp', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`v${version}`);
  });

  it('names a second command of a package, and says clearly when there is none', () => {
    expect(
      binEntry(
        { name: 'electron-builder', bin: { 'install-app-deps': './install-app-deps.js' } },
        'install-app-deps',
      ),
    ).toBe('./install-app-deps.js');
    expect(() => binEntry({ name: 'left-pad' })).toThrow(
      'left-pad has no "left-pad" command in its package.json',
    );
  });
});
