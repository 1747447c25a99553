import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isStartAtLogin, linuxAutostartEntry, setStartAtLogin } from './autostart';

describe('start at login', () => {
  it('writes and removes an XDG autostart entry on Linux', () => {
    const configDir = mkdtempSync(join(tmpdir(), 'hearth-xdg-'));
    try {
      const deps = {
        platform: 'linux' as const,
        setLoginItemSettings: vi.fn(),
        configDir,
        execPath: '/opt/Hearth/hearth',
      };
      setStartAtLogin(true, deps);
      const file = join(configDir, 'autostart', 'hearth.desktop');
      expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Hearth/hearth" --hidden');
      setStartAtLogin(false, deps);
      expect(existsSync(file)).toBe(false);
      expect(deps.setLoginItemSettings).not.toHaveBeenCalled();
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('quotes paths with spaces and shell characters', () => {
    expect(linuxAutostartEntry('/home/a b/Hearth "x" $y.AppImage')).toContain(
      'Exec="/home/a b/Hearth \\"x\\" \\$y.AppImage" --hidden',
    );
  });

  it('uses the login item API elsewhere', () => {
    const setLoginItemSettings = vi.fn();
    setStartAtLogin(true, {
      platform: 'win32',
      setLoginItemSettings,
      configDir: '/x',
      execPath: 'C:/Hearth.exe',
    });
    expect(setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
  });
});

describe('isStartAtLogin', () => {
  const never = () => ({ wasOpenedAtLogin: false });
  it('is the --hidden flag on Windows and Linux', () => {
    expect(isStartAtLogin(['/opt/Hearth/hearth', '--hidden'], 'linux', never)).toBe(true);
    expect(isStartAtLogin(['C:\\Hearth.exe', '--hidden'], 'win32', never)).toBe(true);
    expect(
      isStartAtLogin(['/opt/Hearth/hearth'], 'linux', () => ({ wasOpenedAtLogin: true })),
    ).toBe(false);
  });
  it('is what the OS reports on macOS, where login items get no arguments', () => {
    expect(
      isStartAtLogin(['/Applications/Hearth.app/Contents/MacOS/Hearth'], 'darwin', () => ({
        wasOpenedAtLogin: true,
      })),
    ).toBe(true);
    expect(
      isStartAtLogin(['/Applications/Hearth.app/Contents/MacOS/Hearth'], 'darwin', never),
    ).toBe(false);
  });
});
