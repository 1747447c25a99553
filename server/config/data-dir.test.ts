import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, defaultForumDataDir, defaultUserDataDir, forumDataDirIn } from './data-dir';

// The same folders Electron's app.getPath('userData') gives for productName "Hearth".
describe('data folders', () => {
  it('Linux: $XDG_CONFIG_HOME/Hearth, else ~/.config/Hearth', () => {
    expect(
      defaultUserDataDir({
        platform: 'linux',
        env: { XDG_CONFIG_HOME: '/x/cfg' },
        homedir: '/home/u',
      }),
    ).toBe(join('/x/cfg', 'Hearth'));
    expect(defaultForumDataDir({ platform: 'linux', env: {}, homedir: '/home/u' })).toBe(
      join('/home/u', '.config', 'Hearth', 'forum'),
    );
  });

  it('macOS: ~/Library/Application Support/Hearth', () => {
    expect(
      defaultUserDataDir({
        platform: 'darwin',
        env: { XDG_CONFIG_HOME: '/ignored' },
        homedir: '/Users/u',
      }),
    ).toBe(join('/Users/u', 'Library', 'Application Support', 'Hearth'));
  });

  it('Windows: %APPDATA%/Hearth, else ~/AppData/Roaming/Hearth', () => {
    expect(
      appDataDir({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        homedir: 'C:\\Users\\u',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming');
    expect(defaultUserDataDir({ platform: 'win32', env: {}, homedir: '/c/u' })).toBe(
      join('/c/u', 'AppData', 'Roaming', 'Hearth'),
    );
  });

  it('the forum lives in a forum/ subfolder of userData', () => {
    expect(forumDataDirIn('/data/Hearth')).toBe(join('/data/Hearth', 'forum'));
  });
});
