import { describe, expect, it } from 'vitest';
import { readAppEnv } from './dev-env';
import { appPaths } from './paths';

describe('appPaths', () => {
  it('points at the built files and the shared data folder', () => {
    const p = appPaths(
      '/app/out/main',
      '/home/u/.config/Hearth',
      '/home/u/.config/Hearth/logs',
      {},
    );
    expect(p).toEqual({
      preload: '/app/out/preload/index.cjs',
      launcherUrl: 'file:///app/out/renderer/launcher.html',
      serverEntry: '/app/out/main/server.js',
      userData: '/home/u/.config/Hearth',
      logPath: '/home/u/.config/Hearth/logs/server.log',
      defaultDataDir: '/home/u/.config/Hearth/forum',
      nativeBinding: undefined,
    });
  });
  it('uses the dev server launcher and ignores a binding path that does not exist', () => {
    const env = {
      ELECTRON_RENDERER_URL: 'http://localhost:5173',
      HEARTH_SQLITE_BINDING: '/nope/better_sqlite3.node',
    };
    const p = appPaths('/app/out/main', '/u', '/u/logs', readAppEnv(env, false));
    expect(p.launcherUrl).toBe('http://localhost:5173/launcher.html');
    expect(p.nativeBinding).toBeUndefined();
    // A packaged app loads its own launcher whatever the environment says.
    const packaged = appPaths('/app/out/main', '/u', '/u/logs', readAppEnv(env, true));
    expect(packaged.launcherUrl).toBe('file:///app/out/renderer/launcher.html');
  });
});
