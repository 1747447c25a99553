/**
 * "Start at login". Windows and macOS have `app.setLoginItemSettings`; on Linux, Electron
 * has none, so an XDG autostart entry is written (what GNOME, KDE and XFCE read).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function linuxAutostartEntry(execPath: string): string {
  // An AppImage must be started through its own file, not the mounted binary.
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Hearth',
    'Comment=Forum and chat for your local network',
    `Exec=${quoted} --hidden`,
    'Icon=hearth',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface AutostartDeps {
  platform: NodeJS.Platform;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  configDir: string;
  execPath: string;
}

export function setStartAtLogin(on: boolean, deps: AutostartDeps): void {
  if (deps.platform === 'linux') {
    const dir = join(deps.configDir, 'autostart');
    const file = join(dir, 'hearth.desktop');
    if (on) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, linuxAutostartEntry(deps.execPath));
    } else rmSync(file, { force: true });
    return;
  }
  deps.setLoginItemSettings({ openAtLogin: on, args: ['--hidden'] });
}

/**
 * Whether this launch is a start at login, which opens the forum but stays in the tray.
 * Windows and Linux pass `--hidden` (the login item's args, the autostart entry's Exec);
 * macOS ignores login item args, so there the OS says it (`wasOpenedAtLogin`).
 */
export function isStartAtLogin(
  argv: readonly string[],
  platform: NodeJS.Platform,
  loginItem: () => { wasOpenedAtLogin?: boolean },
): boolean {
  if (argv.includes('--hidden')) return true;
  return platform === 'darwin' && loginItem().wasOpenedAtLogin === true;
}
