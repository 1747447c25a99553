/**
 * Applies the unread state to the tray icon, tooltip and menu, the dock / launcher badge
 * and the Windows taskbar overlay. Electron's classes are injected.
 */
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { encodePng } from './png.encode';
import { drawOverlayBadge, drawTrayIcon } from './tray-icon.draw';
import { badgeState } from './unread-badge';
import { hostingLine, trayMenuTemplate, type TrayActions, type TrayMenuState } from './tray-menu';

export interface TrayDeps {
  createTray(image: NativeImage): Tray;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  imageFromPngs(pngs: Array<{ scaleFactor: number; png: Buffer }>): NativeImage;
  setAppBadgeCount(count: number): void;
  setOverlay(image: NativeImage | null, description: string): void;
  platform: NodeJS.Platform;
}

export function iconImage(deps: TrayDeps, count: number, dnd: boolean): NativeImage {
  // 16 px at 1x and 32 px at 2x: the OS picks what the tray needs.
  return deps.imageFromPngs([
    { scaleFactor: 1, png: encodePng(drawTrayIcon(16, { count, dnd })) },
    { scaleFactor: 2, png: encodePng(drawTrayIcon(32, { count, dnd })) },
  ]);
}

export function createTrayController(deps: TrayDeps, actions: TrayActions, initial: TrayMenuState) {
  let state = initial;
  const tray = deps.createTray(iconImage(deps, state.unread, state.dnd));
  tray.on('click', () => actions.open());
  let lastIconKey = '';

  function render(): void {
    const badge = badgeState({
      count: state.unread,
      dnd: state.dnd,
      hostingLine: hostingLine(state.hosting),
    });
    const iconKey = `${JSON.stringify(badge.badge)}|${state.dnd}`;
    if (iconKey !== lastIconKey) {
      tray.setImage(iconImage(deps, badge.count, state.dnd));
      lastIconKey = iconKey;
      if (deps.platform === 'win32') {
        const overlay = drawOverlayBadge(16, badge.count);
        deps.setOverlay(
          overlay ? deps.imageFromPngs([{ scaleFactor: 1, png: encodePng(overlay) }]) : null,
          badge.overlayDescription ?? '',
        );
      }
    }
    tray.setToolTip(badge.tooltip);
    deps.setAppBadgeCount(badge.appBadgeCount);
    tray.setContextMenu(
      deps.buildMenu(trayMenuTemplate(state, actions) as MenuItemConstructorOptions[]),
    );
  }

  render();
  return {
    update(patch: Partial<TrayMenuState>): void {
      state = { ...state, ...patch };
      render();
    },
    state: () => state,
    destroy: () => tray.destroy(),
  };
}
export type TrayController = ReturnType<typeof createTrayController>;
