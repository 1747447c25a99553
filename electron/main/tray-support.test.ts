import { describe, expect, it } from 'vitest';
import {
  effectiveCloseToTray,
  hasStatusNotifierWatcher,
  parseNameHasOwner,
  trayIsShown,
  type TraySupportInput,
} from './tray-support';

const linux = (over: Partial<TraySupportInput>): TraySupportInput => ({
  platform: 'linux',
  currentDesktop: undefined,
  statusNotifierWatcher: null,
  trayCreated: true,
  ...over,
});

describe('trayIsShown', () => {
  it('Windows and macOS always show the tray', () => {
    expect(trayIsShown(linux({ platform: 'win32', currentDesktop: 'GNOME' }))).toBe(true);
    expect(trayIsShown(linux({ platform: 'darwin' }))).toBe(true);
  });
  it('stock GNOME shows none; Ubuntu GNOME, KDE and the others do', () => {
    expect(trayIsShown(linux({ currentDesktop: 'GNOME' }))).toBe(false);
    expect(trayIsShown(linux({ currentDesktop: 'GNOME-Classic:GNOME' }))).toBe(false);
    expect(trayIsShown(linux({ currentDesktop: 'ubuntu:GNOME' }))).toBe(true);
    expect(trayIsShown(linux({ currentDesktop: 'KDE' }))).toBe(true);
    expect(trayIsShown(linux({ currentDesktop: 'XFCE' }))).toBe(true);
    expect(trayIsShown(linux({ currentDesktop: 'X-Cinnamon' }))).toBe(true);
    // Unknown desktop: keep the tray behaviour (the icon was created).
    expect(trayIsShown(linux({ currentDesktop: undefined }))).toBe(true);
  });
  it('the session bus answer wins over the desktop name', () => {
    expect(trayIsShown(linux({ currentDesktop: 'GNOME', statusNotifierWatcher: true }))).toBe(true);
    expect(trayIsShown(linux({ currentDesktop: 'KDE', statusNotifierWatcher: false }))).toBe(false);
  });
  it('no tray when it could not be created', () => {
    expect(trayIsShown(linux({ platform: 'win32', trayCreated: false }))).toBe(false);
  });
});

describe('effectiveCloseToTray', () => {
  it('follows the tray unless the user chose', () => {
    expect(effectiveCloseToTray(null, false)).toBe(false);
    expect(effectiveCloseToTray(null, true)).toBe(true);
    expect(effectiveCloseToTray(true, false)).toBe(true);
    expect(effectiveCloseToTray(false, true)).toBe(false);
  });
});

describe('the session bus check', () => {
  it('reads gdbus and dbus-send answers', () => {
    expect(parseNameHasOwner('(true,)\n')).toBe(true);
    expect(parseNameHasOwner('(false,)\n')).toBe(false);
    expect(parseNameHasOwner('method return time=1 sender=x\n   boolean true\n')).toBe(true);
    expect(parseNameHasOwner('Error: no bus')).toBeNull();
  });
  it('answers (or says it cannot) within its timeout on this machine', async () => {
    const started = Date.now();
    const answer = await hasStatusNotifierWatcher(1000);
    expect([true, false, null]).toContain(answer);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
