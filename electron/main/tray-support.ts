/**
 * Whether a tray icon is really on screen, so that closing the window may hide it there.
 * Windows and macOS always have a notification area / menu bar. On Linux, Electron's tray
 * is a StatusNotifierItem: it shows only where a StatusNotifierWatcher runs on the session
 * bus (KDE, XFCE, Cinnamon, MATE, LXQt, Budgie, Ubuntu's GNOME with its AppIndicator
 * extension). Stock GNOME has none, and a window hidden there could only come back by
 * launching Hearth again; so there, closing the window quits unless the user chose
 * otherwise.
 */
import { execFile } from 'node:child_process';

export interface TraySupportInput {
  platform: NodeJS.Platform;
  /** `XDG_CURRENT_DESKTOP`, e.g. `GNOME`, `ubuntu:GNOME`, `KDE`, `X-Cinnamon`. */
  currentDesktop: string | undefined;
  /** Whether org.kde.StatusNotifierWatcher has an owner on the session bus; null: unknown. */
  statusNotifierWatcher: boolean | null;
  /** Whether `new Tray()` succeeded. */
  trayCreated: boolean;
}

/** Desktops known to show no tray icons unless an extension adds a watcher. */
const TRAYLESS_DESKTOPS = ['gnome', 'gnome-classic', 'gnome-flashback'];

export function trayIsShown(input: TraySupportInput): boolean {
  if (!input.trayCreated) return false;
  if (input.platform !== 'linux') return true;
  // What the session bus says beats any guess from the desktop's name.
  if (input.statusNotifierWatcher !== null) return input.statusNotifierWatcher;
  const parts = (input.currentDesktop ?? '')
    .toLowerCase()
    .split(':')
    .filter((p) => p !== '');
  // Ubuntu's session (`ubuntu:GNOME`) ships the AppIndicator extension.
  if (parts.includes('ubuntu') || parts.includes('unity')) return true;
  return !(parts.length > 0 && parts.every((p) => TRAYLESS_DESKTOPS.includes(p)));
}

/**
 * Closing the window hides it to the tray: the user's choice when they made one (the tray
 * menu's checkbox), else only where a tray icon shows.
 */
export function effectiveCloseToTray(setting: boolean | null, trayShown: boolean): boolean {
  return setting ?? trayShown;
}

/** Reads `gdbus` or `dbus-send` output for NameHasOwner: `(true,)` / `boolean true`. */
export function parseNameHasOwner(output: string): boolean | null {
  if (/\(true,\)|boolean true/.test(output)) return true;
  if (/\(false,\)|boolean false/.test(output)) return false;
  return null;
}

/**
 * Asks the session bus whether a StatusNotifierWatcher runs, with `gdbus` (GLib, present
 * wherever GNOME is) and a short timeout. Null when the answer is unknown (no tool, no bus).
 */
export function hasStatusNotifierWatcher(timeoutMs = 1500): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.DBus',
        '--object-path',
        '/org/freedesktop/DBus',
        '--method',
        'org.freedesktop.DBus.NameHasOwner',
        'org.kde.StatusNotifierWatcher',
      ],
      { timeout: timeoutMs },
      (err, stdout) => resolve(err ? null : parseNameHasOwner(stdout)),
    );
  });
}
