/**
 * electron-builder afterPack hook, run on the app folder before the installer is made and
 * before signing: refuses a package whose better-sqlite3 would not load in this Electron (the
 * app would crash at the first database open), flips the Electron fuses, and prints the size
 * of the folder that ships. CommonJS because electron-builder requires hooks
 * (package.json is type=module); the ES modules it uses are imported.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder require()s its hooks */
const fs = require('node:fs');
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/** The fuse settings, exported so a test can check them. */
const FUSES = {
  version: FuseVersion.V1,
  // No `ELECTRON_RUN_AS_NODE`: the binary cannot be turned into a plain Node.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect cannot inject code into the app.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Only the signed app.asar runs, and its contents are checked (macOS and Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

function executablePath(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const product = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${product}.app`);
    case 'win32':
      return path.join(appOutDir, `${product}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

/** The app's resources folder: inside the bundle on macOS, beside the executable elsewhere. */
function resourcesDir(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  return electronPlatformName === 'darwin' || electronPlatformName === 'mas'
    ? path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : path.join(appOutDir, 'resources');
}

/** better-sqlite3's folder in the package (unpacked from the asar, see asarUnpack). */
function shippedModuleDir(context) {
  return path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
}

/** electron-builder's Arch enum (builder-util) → Node's process.arch names. */
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'arm', 3: 'arm64' };

/**
 * The prebuilt binaries better-sqlite3 loads in this package (lib/binding.js picks
 * `prebuilds/<platform>-<arch>.node`): one, or two for a universal macOS app.
 */
function shippedBindings(context) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const archs = context.arch === 4 ? ['x64', 'arm64'] : [ARCH_NAMES[context.arch] ?? 'unknown'];
  return archs.map((arch) =>
    path.join(shippedModuleDir(context), 'prebuilds', `${platform}-${arch}.node`),
  );
}

/** The Electron version being packaged: electron-builder's, else the installed package's. */
function electronVersion(context) {
  return (
    context.packager?.info?.framework?.version ??
    require(path.join(__dirname, '..', 'node_modules', 'electron', 'package.json')).version
  );
}

/**
 * Throws (stopping the build) unless better-sqlite3 will load in this Electron: the prebuilt
 * binary for the target is there and is a Node-API module (or built for Electron's ABI), and
 * no compiled build/ folder ships (lib/binding.js would load it before the prebuild).
 */
async function verifyNativeAbi(context) {
  const { checkModuleAbi, electronAbi } = await import('./native-abi.mjs');
  const version = electronVersion(context);
  const fail = (why) => {
    throw new Error(
      `better-sqlite3 in the package would not load in Electron ${version}: ${why}. Nothing was packaged; see build/README.md.`,
    );
  };
  const compiled = path.join(shippedModuleDir(context), 'build');
  if (fs.existsSync(compiled))
    fail(`${compiled} ships (a compiled build is loaded before the prebuilt binary)`);
  for (const binding of shippedBindings(context)) {
    const result = checkModuleAbi(binding, {
      abi: electronAbi(version),
      runtime: `Electron ${version}`,
    });
    if (!result.ok) fail(result.message);
    const how = result.nodeApi ? 'Node-API' : `ABI ${result.abi}`;
    console.log(`  • better-sqlite3 loads in Electron ${version} (${how}): ${binding}`);
  }
}

async function afterPack(context) {
  await verifyNativeAbi(context);
  const target = executablePath(context);
  await flipFuses(target, {
    ...FUSES,
    // Flipping fuses breaks an arm64 ad-hoc signature; re-sign ad hoc (real signing follows).
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
  });
  console.log(`  • fuses set in ${target}`);
  const { folderSize, formatSize } = await import('./folder-size.mjs');
  console.log(
    `  • app folder that ships: ${formatSize(folderSize(context.appOutDir))} unpacked (${context.appOutDir})`,
  );
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.executablePath = executablePath;
module.exports.shippedBindings = shippedBindings;
module.exports.verifyNativeAbi = verifyNativeAbi;
