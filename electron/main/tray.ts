/**
 * Applies the unread state to the tray icon, tooltip and menu, the dock / launcher badge
 * and the Windows taskbar overlay. Electron's classes come in through TrayDeps, typed by
 * the few methods used, so tray.test.ts drives it with fakes.
 */
import { encodePng } from './png.encode';
import { drawOverlayBadge, drawTrayIcon } from './tray-icon.draw';
import { badgeState, clampCount } from './unread-badge';
import {
  hostingLine,
  trayMenuTemplate,
  type TrayActions,
  type TrayMenuItem,
  type TrayMenuState,
} from './tray-menu';

/** The part of Electron's Tray used here. */
export interface TrayHandle<Image, Menu> {
  on(event: 'click', listener: () => void): void;
  setImage(image: Image): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Menu): void;
  destroy(): void;
}

/**
 * Stands in when the OS would not give a tray (`new Tray()` threw): the app runs on with
 * no icon, and tray-support.ts then has closing the window quit.
 */
export function noTray<Image, Menu>(): TrayHandle<Image, Menu> {
  return { on() {}, setImage() {}, setToolTip() {}, setContextMenu() {}, destroy() {} };
}

/** `Image` is Electron's NativeImage and `Menu` its Menu in the app. */
export interface TrayDeps<Image, Menu> {
  createTray(image: Image): TrayHandle<Image, Menu>;
  buildMenu(template: TrayMenuItem[]): Menu;
  imageFromPngs(pngs: Array<{ scaleFactor: number; png: Buffer }>): Image;
  setAppBadgeCount(count: number): void;
  setOverlay(image: Image | null, description: string): void;
  platform: NodeJS.Platform;
}

export interface TrayController {
  update(patch: Partial<TrayMenuState>): void;
  state(): TrayMenuState;
  destroy(): void;
}

export function iconImage<Image>(
  deps: Pick<TrayDeps<Image, unknown>, 'imageFromPngs'>,
  count: number,
  dnd: boolean,
): Image {
  // 16 px at 1x and 32 px at 2x: the OS picks what the tray needs.
  return deps.imageFromPngs([
    { scaleFactor: 1, png: encodePng(drawTrayIcon(16, { count, dnd })) },
    { scaleFactor: 2, png: encodePng(drawTrayIcon(32, { count, dnd })) },
  ]);
}

export function createTrayController<Image, Menu>(
  deps: TrayDeps<Image, Menu>,
  actions: TrayActions,
  initial: TrayMenuState,
): TrayController {
  // One count everywhere: the menu label shows what the badge shows.
  const normalise = (s: TrayMenuState): TrayMenuState => ({ ...s, unread: clampCount(s.unread) });
  let state = normalise(initial);
  const badgeOf = (s: TrayMenuState) =>
    badgeState({ count: s.unread, dnd: s.dnd, hostingLine: hostingLine(s.hosting) });
  // Icons are redrawn only when what they show changes: the tooltip and menu change far
  // more often (online count, settings), and a redraw is two PNG encodes and a new image.
  const iconKey = (s: TrayMenuState) => `${JSON.stringify(badgeOf(s).badge)}|${s.dnd}`;
  const first = badgeOf(state);
  const tray = deps.createTray(iconImage(deps, first.count, state.dnd));
  tray.on('click', () => actions.open());
  let lastIconKey = iconKey(state);
  /** What the Windows overlay last drew; null until the first render sets (or clears) it. */
  let lastOverlayKey: string | null = null;

  function render(): void {
    const badge = badgeOf(state);
    const key = iconKey(state);
    if (key !== lastIconKey) {
      tray.setImage(iconImage(deps, badge.count, state.dnd));
      lastIconKey = key;
    }
    // The taskbar overlay carries the count (drawn, and spoken through its description).
    const overlayKey = badge.overlayDescription ?? '';
    if (deps.platform === 'win32' && overlayKey !== lastOverlayKey) {
      const overlay = drawOverlayBadge(16, badge.count);
      deps.setOverlay(
        overlay ? deps.imageFromPngs([{ scaleFactor: 1, png: encodePng(overlay) }]) : null,
        badge.overlayDescription ?? '',
      );
      lastOverlayKey = overlayKey;
    }
    tray.setToolTip(badge.tooltip);
    deps.setAppBadgeCount(badge.appBadgeCount);
    tray.setContextMenu(deps.buildMenu(trayMenuTemplate(state, actions)));
  }

  render();
  return {
    update(patch) {
      state = normalise({ ...state, ...patch });
      render();
    },
    state: () => state,
    destroy: () => tray.destroy(),
  };
}
