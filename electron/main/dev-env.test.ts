import { describe, expect, it } from 'vitest';
import { ignoredDevVariables, readAppEnv } from './dev-env';

const env = {
  ELECTRON_RENDERER_URL: 'http://localhost:5173',
  HEARTH_SQLITE_BINDING: '/tmp/evil.node',
  HEARTH_USER_DATA: '/tmp/profile',
  APPIMAGE: '/home/sam/Hearth.AppImage',
  PATH: '/usr/bin',
};

describe('readAppEnv', () => {
  it('honours the dev variables in a dev checkout', () => {
    expect(readAppEnv(env, false)).toEqual({
      rendererUrl: 'http://localhost:5173',
      sqliteBinding: '/tmp/evil.node',
      userData: '/tmp/profile',
      appImage: '/home/sam/Hearth.AppImage',
    });
  });
  it('ignores them in a packaged app, keeping what the OS sets', () => {
    expect(readAppEnv(env, true)).toEqual({
      rendererUrl: undefined,
      sqliteBinding: undefined,
      userData: undefined,
      appImage: '/home/sam/Hearth.AppImage',
    });
    expect(ignoredDevVariables(env, true)).toEqual([
      'ELECTRON_RENDERER_URL',
      'HEARTH_SQLITE_BINDING',
      'HEARTH_USER_DATA',
    ]);
    expect(ignoredDevVariables(env, false)).toEqual([]);
  });
  it('treats an empty variable as unset', () => {
    expect(readAppEnv({ HEARTH_USER_DATA: '' }, false).userData).toBeUndefined();
  });
});
