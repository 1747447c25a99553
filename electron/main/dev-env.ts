/**
 * The environment variables the main process reads, in one place. The developer and test
 * variables are honoured only in an unpackaged run: in an installed app, a variable left
 * in someone's shell (or planted by another program) must not load the UI from a dev
 * server, load a native module from an arbitrary path, or move the profile.
 */
export interface AppEnv {
  /** `electron-vite dev`: the renderer dev server the launcher page is loaded from. */
  rendererUrl: string | undefined;
  /** launch.mjs: better-sqlite3 built for Electron's ABI, for a dev checkout. */
  sqliteBinding: string | undefined;
  /** Tests and a second profile in a dev checkout: the userData folder to use. */
  userData: string | undefined;
  /** Set by the AppImage runtime (not a dev variable): the file to start at login. */
  appImage: string | undefined;
}

/** Variables that change what code or data the app loads: read only when not packaged. */
export const DEV_VARIABLES = [
  'ELECTRON_RENDERER_URL',
  'HEARTH_SQLITE_BINDING',
  'HEARTH_USER_DATA',
] as const;

export function readAppEnv(env: NodeJS.ProcessEnv, isPackaged: boolean): AppEnv {
  const dev = (name: (typeof DEV_VARIABLES)[number]) =>
    isPackaged ? undefined : env[name] || undefined;
  return {
    rendererUrl: dev('ELECTRON_RENDERER_URL'),
    sqliteBinding: dev('HEARTH_SQLITE_BINDING'),
    userData: dev('HEARTH_USER_DATA'),
    appImage: env.APPIMAGE || undefined,
  };
}

/** The dev variables that are set but ignored (to say so once in the log). */
export function ignoredDevVariables(env: NodeJS.ProcessEnv, isPackaged: boolean): string[] {
  return isPackaged ? DEV_VARIABLES.filter((name) => env[name]) : [];
}
