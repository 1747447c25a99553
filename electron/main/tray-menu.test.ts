import { describe, expect, it } from 'vitest';
import { fakeTrayActions, idleTrayState } from './tray.fake';
import { hostingLine, trayMenuTemplate, type TrayMenuState } from './tray-menu';

const base: TrayMenuState = idleTrayState;
const byId = (items: ReturnType<typeof trayMenuTemplate>, id: string) =>
  items.find((i) => i.id === id);

describe('tray menu', () => {
  it('has the items in order when not hosting', () => {
    const items = trayMenuTemplate(base, fakeTrayActions());
    expect(items.filter((i) => i.id).map((i) => i.id)).toEqual([
      'open',
      'dnd',
      'quiet-hours',
      'close-to-tray',
      'start-at-login',
      'switch-forum',
      'quit',
    ]);
  });

  it('shows where it hosts, how many are online, and copies the address', () => {
    const a = fakeTrayActions();
    const items = trayMenuTemplate(
      { ...base, hosting: { state: 'running', address: 'http://192.168.1.20:4000', online: 3 } },
      a,
    );
    expect(byId(items, 'hosting')).toMatchObject({
      label: 'Hosting at http://192.168.1.20:4000 · 3 online',
      enabled: false,
    });
    byId(items, 'copy-address')?.click?.();
    expect(a.copy).toHaveBeenCalledWith('http://192.168.1.20:4000');
    byId(items, 'stop-hosting')?.click?.();
    expect(a.stopHosting).toHaveBeenCalled();
  });

  it('omits the online count when the server does not report it, and has no copy while restarting', () => {
    expect(hostingLine({ state: 'running', address: 'http://127.0.0.1:4000', online: null })).toBe(
      'Hosting at http://127.0.0.1:4000',
    );
    const items = trayMenuTemplate(
      { ...base, hosting: { state: 'restarting' } },
      fakeTrayActions(),
    );
    expect(byId(items, 'hosting')?.label).toBe('Restarting the forum server…');
    expect(byId(items, 'copy-address')).toBeUndefined();
  });

  it('toggles do-not-disturb and the other settings', () => {
    const a = fakeTrayActions();
    const items = trayMenuTemplate({ ...base, dnd: true }, a);
    expect(byId(items, 'dnd')).toMatchObject({ type: 'checkbox', checked: true });
    byId(items, 'dnd')?.click?.();
    expect(a.setDnd).toHaveBeenCalledWith(false);
    byId(items, 'close-to-tray')?.click?.();
    expect(a.setCloseToTray).toHaveBeenCalledWith(false);
    byId(items, 'start-at-login')?.click?.();
    expect(a.setStartAtLogin).toHaveBeenCalledWith(true);
  });

  it('offers quiet hours presets with the current one checked', () => {
    const a = fakeTrayActions();
    const items = trayMenuTemplate({ ...base, quietHours: { start: '22:00', end: '07:00' } }, a);
    const sub = byId(items, 'quiet-hours')?.submenu ?? [];
    expect(sub.map((i) => [i.label, i.checked])).toEqual([
      ['Off', false],
      ['21:00 – 07:00', false],
      ['22:00 – 07:00', true],
      ['23:00 – 08:00', false],
    ]);
    sub[0]?.click?.();
    expect(a.setQuietHours).toHaveBeenCalledWith(null);
  });

  it('shows the unread count and hides start-at-login where unsupported', () => {
    const items = trayMenuTemplate(
      { ...base, unread: 4, startAtLoginSupported: false },
      fakeTrayActions(),
    );
    expect(byId(items, 'open')?.label).toBe('Open Hearth (4 unread)');
    expect(byId(items, 'start-at-login')).toBeUndefined();
  });
});
