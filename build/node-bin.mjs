/**
 * How the scripts start a package's command (electron-vite, electron-builder, node-gyp,
 * prebuild-install): the package's JavaScript entry run by the current Node, never the
 * `node_modules/.bin` shim. On Windows that shim is a `.cmd` file, and since the fix for
 * CVE-2024-27980 Node refuses to spawn `.cmd`/`.bat` files without `shell: true` (EINVAL); a
 * shell would then re-parse every argument. The JS entry needs neither, on every platform.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The entry file of `bin` (default: the package's own name) in a package.json's `bin` field. */
export function binEntry(pkgJson, bin = pkgJson.name) {
  const field = pkgJson.bin;
  const entry = typeof field === 'string' ? field : field?.[bin];
  if (typeof entry !== 'string')
    throw new Error(`${pkgJson.name} has no "${bin}" command in its package.json`);
  return entry;
}

/**
 * `{ command, args, options }` for spawn()/spawnSync(): Node itself with the command's entry.
 * `platform` is a parameter so a test can check the Windows decision on Linux.
 */
export function packageCommand(
  { root, pkg, bin, args = [], execPath = process.execPath, platform = process.platform },
  readJson = (file) => JSON.parse(readFileSync(file, 'utf8')),
) {
  const dir = join(root, 'node_modules', pkg);
  const entry = join(dir, binEntry(readJson(join(dir, 'package.json')), bin));
  return {
    command: execPath,
    args: [entry, ...args],
    // No shell anywhere: the arguments reach the command as given (paths with spaces, `&`).
    // windowsHide keeps a console window from flashing up when started from the app.
    options: { shell: false, windowsHide: platform === 'win32' },
  };
}
