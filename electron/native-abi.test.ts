/**
 * `npm run dist` refuses to package a better-sqlite3 that would not load in Electron
 * (build/native-abi.mjs, called from the afterPack hook): checked on the real prebuilt
 * binaries in node_modules (Linux ELF, Windows PE, macOS Mach-O: all Node-API) and on
 * stand-in binaries that carry the symbol a module built for one ABI exports.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkModuleAbi, electronAbi, isNodeApiModule, moduleAbis } from '../build/native-abi.mjs';
import { abiFixture } from './native-module.fake';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const PREBUILDS = join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds');
const prebuild = (target: string) => join(PREBUILDS, `${target}.node`);
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const afterPack = require(join(ROOT, 'build', 'after-pack.cjs')) as {
  verifyNativeAbi(context: unknown): Promise<void>;
  shippedBindings(context: unknown): string[];
};
const NODE_ABI = Number(process.versions.modules);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-abi-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a binary', () => {
  it('finds the Node-API symbol in every real prebuilt binary, and no ABI-bound one', () => {
    for (const target of ['linux-x64', 'linux-arm64', 'win32-x64', 'darwin-arm64']) {
      const bytes = readFileSync(prebuild(target));
      expect(isNodeApiModule(bytes), target).toBe(true);
      expect(moduleAbis(bytes), target).toEqual([]);
    }
  });

  it('finds ELF and Mach-O spellings of an ABI-bound module, and nothing in other files', () => {
    expect(moduleAbis(abiFixture(150))).toEqual([150]);
    expect(moduleAbis(abiFixture(140, '_'))).toEqual([140]);
    expect(isNodeApiModule(abiFixture(150))).toBe(false);
    expect(moduleAbis(Buffer.from('napi_register_module_v1 only'))).toEqual([]);
  });
});

describe('electronAbi', () => {
  it('knows the installed Electron (node-abi’s table), and it differs from Node’s', () => {
    const abi = electronAbi(ELECTRON_VERSION);
    expect(abi).toBeGreaterThanOrEqual(140);
    expect(abi).not.toBe(NODE_ABI);
    expect(electronAbi('45.0.0')).toBe(150);
  });
});

describe('checkModuleAbi', () => {
  const electron = () => ({
    abi: electronAbi(ELECTRON_VERSION),
    runtime: `Electron ${ELECTRON_VERSION}`,
  });

  it('accepts the real Node-API binary this machine loads, for Electron', () => {
    expect(checkModuleAbi(prebuild(`linux-${process.arch}`), electron())).toEqual({
      ok: true,
      nodeApi: true,
    });
  });

  it('refuses a module built for this Node’s ABI, saying both', () => {
    const file = join(dir, 'better_sqlite3.node');
    writeFileSync(file, abiFixture(NODE_ABI));
    const result = checkModuleAbi(file, electron());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(`is built for ABI ${NODE_ABI}`);
    expect(result.message).toContain(
      `Electron ${ELECTRON_VERSION} needs a Node-API module or ABI ${electronAbi(ELECTRON_VERSION)}`,
    );
  });

  it('accepts a binary built for Electron’s ABI', () => {
    const file = join(dir, 'better_sqlite3.node');
    writeFileSync(file, abiFixture(electronAbi(ELECTRON_VERSION)));
    expect(checkModuleAbi(file, electron())).toEqual({
      ok: true,
      abi: electronAbi(ELECTRON_VERSION),
    });
  });

  it('refuses a file with no registration symbol, and a missing file, with a message', () => {
    const file = join(dir, 'empty.node');
    writeFileSync(file, Buffer.alloc(1024));
    expect(checkModuleAbi(file, electron())).toMatchObject({
      ok: false,
      message: expect.stringContaining('declares neither napi_register_module_v1'),
    });
    expect(checkModuleAbi(join(dir, 'none.node'), electron())).toMatchObject({
      ok: false,
      message: expect.stringContaining('ENOENT'),
    });
  });
});

describe('afterPack stops a package whose better-sqlite3 would not load in Electron', () => {
  const context = (platform: string, arch = 1) => ({
    electronPlatformName: platform,
    appOutDir: dir,
    arch,
    packager: {
      appInfo: { productFilename: 'Hearth' },
      executableName: 'hearth',
      info: { framework: { version: ELECTRON_VERSION } },
    },
  });
  const place = (target: string, from: Buffer | string) => {
    mkdirSync(dirname(target), { recursive: true });
    if (typeof from === 'string') copyFileSync(from, target);
    else writeFileSync(target, from);
    return target;
  };

  it('passes the real prebuilt binaries, where each platform keeps them', async () => {
    const [linux] = afterPack.shippedBindings(context('linux'));
    expect(linux).toBe(
      join(
        dir,
        'resources',
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'prebuilds',
        'linux-x64.node',
      ),
    );
    place(linux!, prebuild('linux-x64'));
    await expect(afterPack.verifyNativeAbi(context('linux'))).resolves.toBeUndefined();

    const [win] = afterPack.shippedBindings(context('win32'));
    expect(win).toMatch(/prebuilds[\\/]win32-x64\.node$/);
    place(win!, prebuild('win32-x64'));
    await expect(afterPack.verifyNativeAbi(context('win32'))).resolves.toBeUndefined();

    // A universal macOS app carries both architectures; both must be there.
    const mac = afterPack.shippedBindings(context('darwin', 4));
    expect(mac.map((f) => f.split(/[\\/]/).pop())).toEqual([
      'darwin-x64.node',
      'darwin-arm64.node',
    ]);
    expect(mac[0]).toContain(join('Hearth.app', 'Contents', 'Resources', 'app.asar.unpacked'));
    place(mac[0]!, prebuild('darwin-x64'));
    await expect(afterPack.verifyNativeAbi(context('darwin', 4))).rejects.toThrow(/ENOENT/);
    place(mac[1]!, prebuild('darwin-arm64'));
    await expect(afterPack.verifyNativeAbi(context('darwin', 4))).resolves.toBeUndefined();
  });

  it('throws for a binary built for Node’s ABI, naming what to do', async () => {
    place(afterPack.shippedBindings(context('linux'))[0]!, abiFixture(NODE_ABI));
    await expect(afterPack.verifyNativeAbi(context('linux'))).rejects.toThrow(
      /would not load in Electron .*: .*is built for ABI \d+, but Electron .* needs a Node-API module or ABI \d+\. Nothing was packaged/,
    );
  });

  it('throws when the target has no prebuilt binary, and when a compiled build/ ships', async () => {
    await expect(afterPack.verifyNativeAbi(context('linux', 0))).rejects.toThrow(
      /linux-ia32\.node \(ENOENT\)/,
    );
    const [linux] = afterPack.shippedBindings(context('linux'));
    place(linux!, prebuild('linux-x64'));
    place(
      join(dirname(dirname(linux!)), 'build', 'Release', 'better_sqlite3.node'),
      abiFixture(NODE_ABI),
    );
    await expect(afterPack.verifyNativeAbi(context('linux'))).rejects.toThrow(
      /build ships \(a compiled build is loaded before the prebuilt binary\)/,
    );
  });
});
