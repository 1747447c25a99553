/**
 * The tray controller with Electron's Tray, Menu, nativeImage, app badge and taskbar
 * overlay replaced by recording fakes (tray.fake.ts).
 */
import { describe, expect, it } from 'vitest';
import { createTrayController } from './tray';
import { fakeTrayActions, fakeTrayDeps, idleTrayState, pngSize, type FakeImage } from './tray.fake';
import type { TrayMenuState } from './tray-menu';

const initial: TrayMenuState = idleTrayState;

const LAN = 'http://192.168.1.20:4000';
const bytes = (image: FakeImage | null | undefined) =>
  Buffer.concat((image?.pngs ?? []).map((p) => p.png)).toString('base64');

describe('tray controller', () => {
  it('starts with a 16/32 px icon, the tooltip, the menu and a zero badge', () => {
    const deps = fakeTrayDeps('linux');
    createTrayController(deps, fakeTrayActions(), initial);
    const tray = deps.tray();
    expect(tray.initialImage.pngs.map((p) => [p.scaleFactor, ...pngSize(p.png)])).toEqual([
      [1, 16, 16],
      [2, 32, 32],
    ]);
    // The icon given to the constructor is not set a second time.
    expect(tray.images).toEqual([]);
    expect(tray.tooltip()).toBe('Hearth\nNo unread messages');
    expect(tray.menu().find((i) => i.id === 'open')?.label).toBe('Open Hearth');
    expect(deps.badgeCounts).toEqual([0]);
  });

  it('gives the app badge (dock, launcher) and the menu the unread count, clamped to a whole number', () => {
    const deps = fakeTrayDeps('darwin');
    const tray = createTrayController(deps, fakeTrayActions(), initial);
    for (const unread of [3, 12, 0, -4, Number.NaN, 2.7]) tray.update({ unread });
    expect(deps.badgeCounts).toEqual([0, 3, 12, 0, 0, 0, 2]);
    expect(deps.tray().tooltip()).toBe('Hearth\n2 unread');
    expect(tray.state().unread).toBe(2);
    expect(
      deps
        .tray()
        .menu()
        .find((i) => i.id === 'open')?.label,
    ).toBe('Open Hearth (2 unread)');
  });

  it('on Windows, sets a taskbar overlay with the count when unread > 0 and clears it at 0', () => {
    const deps = fakeTrayDeps('win32');
    const tray = createTrayController(deps, fakeTrayActions(), initial);
    // Start-up clears any overlay left from before.
    expect(deps.overlays).toEqual([{ image: null, description: '' }]);

    tray.update({ unread: 2 });
    const two = deps.overlays.at(-1);
    expect(two?.description).toBe('2 unread');
    expect(two?.image?.pngs.map((p) => pngSize(p.png))).toEqual([[16, 16]]);

    tray.update({ unread: 3 });
    const three = deps.overlays.at(-1);
    expect(three?.description).toBe('3 unread');
    expect(bytes(three?.image)).not.toBe(bytes(two?.image));

    // Same count, other state: the overlay is left alone.
    const before = deps.overlays.length;
    tray.update({ hosting: { state: 'running', address: LAN, online: 1 }, dnd: true });
    expect(deps.overlays).toHaveLength(before);

    tray.update({ unread: 0 });
    expect(deps.overlays.at(-1)).toEqual({ image: null, description: '' });
  });

  it.each(['linux', 'darwin'] as const)('never sets a taskbar overlay on %s', (platform) => {
    const deps = fakeTrayDeps(platform);
    const tray = createTrayController(deps, fakeTrayActions(), initial);
    for (const unread of [1, 5, 150, 0]) tray.update({ unread });
    expect(deps.overlays).toEqual([]);
    expect(deps.badgeCounts).toEqual([0, 1, 5, 150, 0]);
  });

  it('replaces the tray icon only when the badge or DND look changes', () => {
    const deps = fakeTrayDeps('linux');
    const tray = createTrayController(deps, fakeTrayActions(), initial);
    const images = () => deps.tray().images;

    tray.update({ hosting: { state: 'running', address: LAN, online: 0 } });
    tray.update({ hosting: { state: 'running', address: LAN, online: 4 } });
    tray.update({ closeToTray: false, quietHours: { start: '22:00', end: '07:00' } });
    tray.update({ unread: 0 });
    expect(images()).toHaveLength(0);

    tray.update({ unread: 1 });
    expect(images()).toHaveLength(1);
    expect(bytes(images()[0])).not.toBe(bytes(deps.tray().initialImage));
    tray.update({ unread: 1 });
    expect(images()).toHaveLength(1);

    tray.update({ unread: 2 });
    expect(images()).toHaveLength(2);
    // Past 99 the badge is a dot, whatever the number.
    tray.update({ unread: 150 });
    tray.update({ unread: 200 });
    expect(images()).toHaveLength(3);

    tray.update({ dnd: true });
    expect(images()).toHaveLength(4);
    tray.update({ unread: 0 });
    expect(images()).toHaveLength(5);
    tray.update({ dnd: false });
    // Back to the start-up look: the same pixels as the first icon.
    expect(bytes(images().at(-1))).toBe(bytes(deps.tray().initialImage));
  });

  it('shows where it hosts and how many are online in the tooltip and the menu', () => {
    const deps = fakeTrayDeps('linux');
    const a = fakeTrayActions();
    const tray = createTrayController(deps, a, initial);
    const hostingItem = () =>
      deps
        .tray()
        .menu()
        .find((i) => i.id === 'hosting');

    tray.update({ hosting: { state: 'starting' } });
    expect(deps.tray().tooltip()).toBe('Hearth\nNo unread messages\nStarting the forum server…');

    tray.update({ hosting: { state: 'running', address: LAN, online: null } });
    expect(hostingItem()?.label).toBe(`Hosting at ${LAN}`);

    tray.update({ hosting: { state: 'running', address: LAN, online: 2 }, unread: 1 });
    expect(deps.tray().tooltip()).toBe(`Hearth\n1 unread\nHosting at ${LAN} · 2 online`);
    expect(hostingItem()).toMatchObject({ label: `Hosting at ${LAN} · 2 online`, enabled: false });
    deps
      .tray()
      .menu()
      .find((i) => i.id === 'copy-address')
      ?.click?.();
    expect(a.copy).toHaveBeenCalledWith(LAN);

    tray.update({ hosting: { state: 'running', address: LAN, online: 5 } });
    expect(deps.tray().tooltip()).toContain(`Hosting at ${LAN} · 5 online`);
    expect(hostingItem()?.label).toBe(`Hosting at ${LAN} · 5 online`);

    tray.update({ hosting: null });
    expect(deps.tray().tooltip()).toBe('Hearth\n1 unread');
    expect(hostingItem()).toBeUndefined();
    expect(tray.state().hosting).toBeNull();
  });

  it('opens the window on a tray click and removes the icon on destroy', () => {
    const deps = fakeTrayDeps('linux');
    const a = fakeTrayActions();
    const tray = createTrayController(deps, a, initial);
    deps.tray().click();
    expect(a.open).toHaveBeenCalledOnce();
    tray.destroy();
    expect(deps.tray().destroyed).toBe(true);
  });
});
