/** Where the app's files are, in a dev checkout and in a packaged build alike. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppEnv } from './dev-env';

export interface AppPaths {
  preload: string;
  launcherUrl: string;
  serverEntry: string;
  userData: string;
  logPath: string;
  defaultDataDir: string;
  nativeBinding: string | undefined;
}

/**
 * `outMain` is out/main (this bundle's folder). `env` is dev-env.ts's reading, which is
 * empty for a packaged app. Under `electron-vite dev` the launcher
 * comes from the dev server. The server's default data folder is `<userData>/forum`,
 * the same one `npm run host` resolves, so both share a forum.
 */
export function appPaths(
  outMain: string,
  userData: string,
  logsDir: string,
  env: Partial<Pick<AppEnv, 'rendererUrl' | 'sqliteBinding'>>,
): AppPaths {
  const devRenderer = env.rendererUrl;
  const binding = env.sqliteBinding;
  return {
    preload: join(outMain, '../preload/index.cjs'),
    launcherUrl: devRenderer
      ? new URL('launcher.html', devRenderer.endsWith('/') ? devRenderer : `${devRenderer}/`).href
      : pathToFileURL(join(outMain, '../renderer/launcher.html')).href,
    serverEntry: join(outMain, 'server.js'),
    userData,
    logPath: join(logsDir, 'server.log'),
    defaultDataDir: join(userData, 'forum'),
    nativeBinding: binding && existsSync(binding) ? binding : undefined,
  };
}
