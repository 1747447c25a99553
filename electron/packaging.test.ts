/**
 * Packaging checks that run without an Electron download: the afterPack hook flips the
 * fuses in a binary (a stand-in file carrying Electron's fuse sentinel), every icon size
 * electron-builder needs is committed, and the app's identity matches the config.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { electronAbi } from '../build/native-abi.mjs';
import { APP_USER_MODEL_ID } from './main/app-identity';
import { abiFixture } from './native-module.fake';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const afterPack = require(join(ROOT, 'build', 'after-pack.cjs')) as ((
  context: unknown,
) => Promise<void>) & {
  executablePath(context: unknown): string;
  shippedBinding(context: unknown): string;
};
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** @electron/fuses' FuseState (not re-exported from its entry point): the wire's bytes. */
const FuseState = { DISABLE: 48, ENABLE: 49 } as const;

describe('afterPack fuses', () => {
  it('turns RunAsNode and NODE_OPTIONS off, cookie encryption and asar integrity on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-fuses-'));
    try {
      // A fake Electron binary: padding, the sentinel, wire version 1, 9 fuses all enabled.
      const wire = Buffer.concat([
        Buffer.alloc(64, 0x90),
        Buffer.from(SENTINEL, 'ascii'),
        Buffer.from([1, 9]),
        Buffer.from('111111111', 'ascii'),
        Buffer.alloc(64, 0x90),
      ]);
      writeFileSync(join(dir, 'hearth'), wire);
      const context = {
        electronPlatformName: 'linux',
        appOutDir: dir,
        arch: 1,
        packager: { appInfo: { productFilename: 'Hearth' }, executableName: 'hearth' },
      };
      // The hook first checks the shipped better-sqlite3 (native-abi.test.ts): give it Electron's.
      const binding = afterPack.shippedBinding(context);
      mkdirSync(dirname(binding), { recursive: true });
      writeFileSync(binding, abiFixture(electronAbi(ELECTRON_VERSION)));
      await afterPack(context);
      const fuses = await getCurrentFuseWire(join(dir, 'hearth'));
      expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
      expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
      expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
      expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
      expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
      expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
      // Fuses the hook leaves alone keep Electron's value (file: privileges for the launcher).
      expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE);
      expect(readFileSync(join(dir, 'hearth')).length).toBe(wire.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the executable on each platform', () => {
    const base = {
      appOutDir: '/out',
      packager: { appInfo: { productFilename: 'Hearth' }, executableName: 'hearth' },
    };
    expect(afterPack.executablePath({ ...base, electronPlatformName: 'linux' })).toBe(
      '/out/hearth',
    );
    expect(afterPack.executablePath({ ...base, electronPlatformName: 'win32' })).toBe(
      '/out/Hearth.exe',
    );
    expect(afterPack.executablePath({ ...base, electronPlatformName: 'darwin' })).toBe(
      '/out/Hearth.app',
    );
  });
});

/** A top-level scalar of build/electron-builder.yml (plain or quoted). */
function builderKey(key: string): string | undefined {
  const yml = readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8');
  const line = yml.split('\n').find((l) => l.startsWith(`${key}:`));
  return line
    ?.slice(key.length + 1)
    .replace(/\s+#.*$/, '')
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2');
}

describe('app identity', () => {
  it('the Windows AppUserModelId is the appId the installer registers', () => {
    // A mismatch makes Windows toasts show no app name or icon; nothing else would notice.
    expect(builderKey('appId')).toBe(APP_USER_MODEL_ID);
  });

  it('productName is Hearth in package.json and the builder config (userData is named after it)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      productName?: string;
    };
    expect(builderKey('productName')).toBe('Hearth');
    expect(pkg.productName).toBe('Hearth');
  });
});

describe('icons', () => {
  it.each([16, 24, 32, 48, 64, 96, 128, 256, 512, 1024])(
    'build/icons/%ix%i.png is a PNG of that size',
    (size) => {
      const file = join(ROOT, 'build', 'icons', `${size}x${size}.png`);
      expect(existsSync(file)).toBe(true);
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    },
  );
});
