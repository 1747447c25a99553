/**
 * `npm run dist` refuses to package a better-sqlite3 that is not built for Electron's ABI
 * (build/native-abi.mjs, called from the afterPack hook): checked on the real Node build in
 * node_modules and on stand-in binaries that carry the symbol a native module exports.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkModuleAbi, electronAbi, moduleAbis } from '../build/native-abi.mjs';
import { abiFixture } from './native-module.fake';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const NODE_BUILD = join(
  ROOT,
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const afterPack = require(join(ROOT, 'build', 'after-pack.cjs')) as {
  verifyNativeAbi(context: unknown): Promise<void>;
  shippedBinding(context: unknown): string;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-abi-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('moduleAbis', () => {
  it('reads the ABI of the Node build in node_modules: the running Node’s', () => {
    expect(moduleAbis(readFileSync(NODE_BUILD))).toEqual([Number(process.versions.modules)]);
  });

  it('finds ELF and Mach-O spellings, and nothing in a file without the symbol', () => {
    expect(moduleAbis(abiFixture(150))).toEqual([150]);
    expect(moduleAbis(abiFixture(140, '_'))).toEqual([140]);
    expect(moduleAbis(Buffer.from('napi_register_module_v1 only'))).toEqual([]);
  });
});

describe('electronAbi', () => {
  it('knows the installed Electron (node-abi’s table), and it differs from Node’s', () => {
    const abi = electronAbi(ELECTRON_VERSION);
    expect(abi).toBeGreaterThanOrEqual(140);
    expect(abi).not.toBe(Number(process.versions.modules));
    expect(electronAbi('45.0.0')).toBe(150);
  });
});

describe('checkModuleAbi', () => {
  const electron = () => ({
    abi: electronAbi(ELECTRON_VERSION),
    runtime: `Electron ${ELECTRON_VERSION}`,
  });

  it('refuses the Node build in node_modules for Electron, saying both ABIs', () => {
    const result = checkModuleAbi(NODE_BUILD, electron());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(`is built for ABI ${process.versions.modules}`);
    expect(result.message).toContain(
      `Electron ${ELECTRON_VERSION} needs ABI ${electronAbi(ELECTRON_VERSION)}`,
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
      message: expect.stringContaining('declares no node_register_module_v<ABI> symbol'),
    });
    expect(checkModuleAbi(join(dir, 'none.node'), electron())).toMatchObject({
      ok: false,
      message: expect.stringContaining('ENOENT'),
    });
  });
});

describe('afterPack stops a package whose better-sqlite3 is not Electron’s', () => {
  const context = (platform: string) => ({
    electronPlatformName: platform,
    appOutDir: dir,
    arch: 1,
    packager: {
      appInfo: { productFilename: 'Hearth' },
      executableName: 'hearth',
      info: { framework: { version: ELECTRON_VERSION } },
    },
  });
  const place = (platform: string, from: Buffer | string) => {
    const target = afterPack.shippedBinding(context(platform));
    mkdirSync(dirname(target), { recursive: true });
    if (typeof from === 'string') copyFileSync(from, target);
    else writeFileSync(target, from);
    return target;
  };

  it('throws for the Node build, naming what to do', async () => {
    place('linux', NODE_BUILD);
    await expect(afterPack.verifyNativeAbi(context('linux'))).rejects.toThrow(
      /not built for Electron: .*is built for ABI \d+, but Electron .* needs ABI \d+\. Nothing was packaged/,
    );
  });

  it('passes Electron’s build, where each platform keeps it', async () => {
    const linux = place('linux', abiFixture(electronAbi(ELECTRON_VERSION)));
    expect(linux).toBe(
      join(
        dir,
        'resources',
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    );
    await expect(afterPack.verifyNativeAbi(context('linux'))).resolves.toBeUndefined();
    const mac = place('darwin', abiFixture(electronAbi(ELECTRON_VERSION), '_'));
    expect(mac).toContain(join('Hearth.app', 'Contents', 'Resources', 'app.asar.unpacked'));
    await expect(afterPack.verifyNativeAbi(context('darwin'))).resolves.toBeUndefined();
  });
});
