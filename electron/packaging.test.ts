/**
 * Packaging checks that run without an Electron download: the afterPack hook flips the
 * fuses in a binary (a stand-in file carrying Electron's fuse sentinel), every icon size
 * electron-builder needs is committed, and the app's identity matches the config.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { folderSize, formatSize } from '../build/folder-size.mjs';
import { electronAbi } from '../build/native-abi.mjs';
import { APP_USER_MODEL_ID } from './main/app-identity';
import { abiFixture } from './native-module.fake';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const afterPack = require(join(ROOT, 'build', 'after-pack.cjs')) as ((
  context: unknown,
) => Promise<void>) & {
  executablePath(context: unknown): string;
  shippedBindings(context: unknown): string[];
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
      const [binding] = afterPack.shippedBindings(context);
      mkdirSync(dirname(binding!), { recursive: true });
      writeFileSync(binding!, abiFixture(electronAbi(ELECTRON_VERSION)));
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

interface BuilderConfig {
  files: string[];
  npmRebuild: boolean;
  linux: {
    files: string[];
    executableName: string;
    maintainer: string;
    desktop: { entry: Record<string, string> };
  };
  win: { files: string[] };
  mac: { files: string[]; extendInfo: Record<string, unknown> };
}
/** electron-builder's own YAML parser and schema check, from its install. */
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = builderRequire('./out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const builderConfig = (): BuilderConfig =>
  yaml.load(readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  homepage?: string;
  author?: { name?: string; email?: string };
  desktopName?: string;
  scripts: Record<string, string>;
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};

describe('electron-builder config', () => {
  it('is valid for the installed electron-builder (its schema)', { timeout: 60_000 }, async () => {
    await expect(
      validateConfiguration(builderConfig(), { isEnabled: false, add: () => undefined }),
    ).resolves.toBeUndefined();
  });

  it('has what the deb target needs from a clean clone: homepage, author e-mail, maintainer', () => {
    // electron-builder stops a deb build without these ("Please specify author 'email'...").
    expect(packageJson.homepage).toMatch(/^https:\/\//);
    expect(packageJson.author?.name).toBeTruthy();
    expect(packageJson.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(builderConfig().linux.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
  });

  it('the desktop entry matches the window Electron 45 opens (WM_CLASS / app_id "hearth")', () => {
    const { linux } = builderConfig();
    // Electron derives both from package.json: `name` for the class, `desktopName` for the entry.
    expect(packageJson.name).toBe('hearth');
    expect(linux.desktop.entry.StartupWMClass).toBe(packageJson.name);
    expect(linux.executableName).toBe(packageJson.name);
    expect(packageJson.desktopName).toBe(`${linux.executableName}.desktop`);
  });

  it('declares local-network use and the Bonjour service to macOS', () => {
    const { extendInfo } = builderConfig().mac;
    expect(extendInfo.NSLocalNetworkUsageDescription).toMatch(/local network/);
    expect(extendInfo.NSBonjourServices).toEqual(['_hearth._tcp']);
  });
});

describe('better-sqlite3 in the package', () => {
  type Platform = 'linux' | 'win' | 'mac';
  /**
   * What electron-builder's own node_modules copier keeps of the real better-sqlite3 tree for
   * one platform and arch: the top-level `files` plus that platform's, `${arch}` expanded as
   * electron-builder expands it.
   */
  async function shippedFiles(
    files: string[],
    platform: { files?: string[] } = {},
    arch = 'x64',
  ): Promise<string[]> {
    const { getNodeModuleFileMatcher, excludedExts } = builderRequire('./out/fileMatcher.js') as {
      getNodeModuleFileMatcher(...args: unknown[]): unknown;
      excludedExts: string;
    };
    const { NodeModuleCopyHelper } = builderRequire('./out/util/NodeModuleCopyHelper.js') as {
      NodeModuleCopyHelper: new (
        matcher: unknown,
        info: unknown,
      ) => {
        collectNodeModules(
          module: { dir: string; name: string },
          excludedExts: string[],
          destination: string,
        ): Promise<string[]>;
      };
    };
    const info = {
      config: { files },
      debugLogger: { isEnabled: false },
      appInfo: { type: 'module' },
      getWorkspaceRoot: () => Promise.resolve(ROOT),
    };
    const expand = (pattern: string) => pattern.replaceAll('${arch}', arch);
    const matcher = getNodeModuleFileMatcher(ROOT, join(ROOT, 'app'), expand, platform, info);
    // getNodeModuleExcludedExts() for Linux, which app-builder-lib does not export.
    const exts = [
      '.o',
      '.obj',
      ...excludedExts.split(',').map((e) => `.${e}`),
      '.pdb',
      '.dll',
      '.exe',
    ];
    const dir = join(ROOT, 'node_modules', 'better-sqlite3');
    const copier = new NodeModuleCopyHelper(matcher, info);
    const result = await copier.collectNodeModules(
      { dir, name: 'better-sqlite3' },
      exts,
      'node_modules/better-sqlite3',
    );
    return result.map((file) => relative(dir, file).split(sep).join('/')).sort();
  }

  it.each([
    ['linux', 'x64', 'linux-x64'],
    ['linux', 'arm64', 'linux-arm64'],
    ['win', 'x64', 'win32-x64'],
    ['mac', 'arm64', 'darwin-arm64'],
  ] as [Platform, string, string][])(
    '%s %s: ships only the JS, package.json, LICENSE and prebuilds/%s.node',
    async (platform, arch, target) => {
      const config = builderConfig();
      const shipped = await shippedFiles(config.files, config[platform], arch);
      expect(shipped.filter((f) => !f.startsWith('lib/'))).toEqual([
        'LICENSE',
        'package.json',
        `prebuilds/${target}.node`,
      ]);
      expect(shipped).toContain('lib/index.js');
      expect(shipped.filter((f) => f.startsWith('lib/')).every((f) => f.endsWith('.js'))).toBe(
        true,
      );
    },
  );

  it('without the filters the sources and every platform’s binary would ship (the check bites)', async () => {
    const unfiltered = await shippedFiles(
      builderConfig().files.filter((f) => !f.includes('better-sqlite3')),
    );
    expect(unfiltered).toEqual(
      expect.arrayContaining([
        'deps/sqlite3/sqlite3.c',
        'prebuilds/linux-x64.node',
        'prebuilds/win32-x64.node',
        'prebuilds/darwin-arm64.node',
      ]),
    );
    expect(unfiltered.some((f) => f.startsWith('src/'))).toBe(true);
  });

  it('is never rebuilt: the Node-API binary loads in Electron as it is', () => {
    expect(builderConfig().npmRebuild).toBe(false);
    // npm would otherwise run its implicit `node-gyp rebuild` (binding.gyp) at install: a
    // needless compile step, or a warning about an unapproved script on every install.
    expect(packageJson.allowScripts?.['better-sqlite3']).toBe(false);
  });
});

describe('package.json', () => {
  it('checks the Node version before the commands that load better-sqlite3', () => {
    for (const script of ['test', 'test:unit', 'start', 'dev', 'host', 'dist'])
      expect(packageJson.scripts[`pre${script}`]).toBe('node build/check-node.mjs');
  });

  it('requires the Node that electron, better-sqlite3 and node-abi require, as .nvmrc does', () => {
    expect(packageJson.engines.node).toBe('>=22.12');
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('22');
    for (const pkg of ['electron', 'better-sqlite3', 'node-abi']) {
      const { engines } = JSON.parse(
        readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'),
      ) as { engines?: { node?: string } };
      // Each asks for at most 22.12 (a later minimum would need engines raised here).
      const minimum = /(\d+)(?:\.(\d+))?/.exec(engines?.node ?? '0.0') ?? ['', '0', '0'];
      expect(Number(minimum[1]) * 1000 + Number(minimum[2] ?? 0)).toBeLessThanOrEqual(22_012);
    }
  });
});

describe('the app folder size npm run dist prints', () => {
  it('adds up every file below the folder, and reads like a file manager', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-size-'));
    try {
      mkdirSync(join(dir, 'resources', 'app.asar.unpacked'), { recursive: true });
      writeFileSync(join(dir, 'hearth'), Buffer.alloc(1500));
      writeFileSync(join(dir, 'resources', 'app.asar'), Buffer.alloc(250_000));
      writeFileSync(join(dir, 'resources', 'app.asar.unpacked', 'x.node'), Buffer.alloc(48_500));
      expect(folderSize(dir)).toBe(300_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(300_000)).toBe('300.0 kB');
    expect(formatSize(183_400_000)).toBe('183.4 MB');
  });
});
