import { join } from 'node:path';

/** Electron's `productName`: its `userData` folder is `<appData>/Hearth`. */
export const APP_FOLDER_NAME = 'Hearth';
/** The forum lives in a subfolder, next to the desktop app's own settings. */
export const FORUM_SUBFOLDER = 'forum';
export const DB_FILE_NAME = 'hearth.db';

export interface PlatformInfo {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
}

/** The same folder as Electron's `app.getPath('appData')`, computed without Electron. */
export function appDataDir({ platform, env, homedir }: PlatformInfo): string {
  switch (platform) {
    case 'win32':
      return env.APPDATA || join(homedir, 'AppData', 'Roaming');
    case 'darwin':
      return join(homedir, 'Library', 'Application Support');
    default:
      return env.XDG_CONFIG_HOME || join(homedir, '.config');
  }
}

/** Electron's `app.getPath('userData')` for the Hearth app. */
export function defaultUserDataDir(info: PlatformInfo): string {
  return join(appDataDir(info), APP_FOLDER_NAME);
}

/** The forum data folder inside a given userData folder (the desktop passes its own). */
export function forumDataDirIn(userDataDir: string): string {
  return join(userDataDir, FORUM_SUBFOLDER);
}

/** Where `npm run host` and the desktop app keep the forum unless told otherwise. */
export function defaultForumDataDir(info: PlatformInfo): string {
  return forumDataDirIn(defaultUserDataDir(info));
}

export function databasePath(dataDir: string): string {
  return join(dataDir, DB_FILE_NAME);
}
