/**
 * electron-builder afterPack hook, run on the app folder before the installer is made and
 * before signing: refuses a better-sqlite3 binding not built for this Electron's ABI (the
 * package would crash at the first database open), flips the Electron fuses, and prints the
 * size of the folder that ships. CommonJS because electron-builder requires hooks
 * (package.json is type=module); the ES modules it uses are imported.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder require()s its hooks */
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

/** The better-sqlite3 binding that ships (unpacked from the asar, see asarUnpack). */
function shippedBinding(context) {
  return path.join(
    resourcesDir(context),
    'app.asar.unpacked',
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
}

/** The Electron version being packaged: electron-builder's, else the installed package's. */
function electronVersion(context) {
  return (
    context.packager?.info?.framework?.version ??
    require(path.join(__dirname, '..', 'node_modules', 'electron', 'package.json')).version
  );
}

/** Throws (stopping the build) unless the shipped binding is built for Electron's ABI. */
async function verifyNativeAbi(context) {
  const { checkModuleAbi, electronAbi } = await import('./native-abi.mjs');
  const version = electronVersion(context);
  const binding = shippedBinding(context);
  const result = checkModuleAbi(binding, {
    abi: electronAbi(version),
    runtime: `Electron ${version}`,
  });
  if (!result.ok)
    throw new Error(
      `better-sqlite3 in the package is not built for Electron: ${result.message}. Nothing was packaged; run \`npm run dist\` again (it forces the rebuild), or see build/README.md.`,
    );
  console.log(`  • better-sqlite3 is built for Electron ${version} (ABI ${result.abi})`);
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
module.exports.shippedBinding = shippedBinding;
module.exports.verifyNativeAbi = verifyNativeAbi;
