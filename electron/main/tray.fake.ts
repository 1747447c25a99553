/**
 * Test stand-ins for the Electron objects tray.ts drives: images keep the PNGs they were
 * made from, menus are the template itself, and every call is recorded.
 */
import { vi } from 'vitest';
import type { TrayActions, TrayMenuItem, TrayMenuState } from './tray-menu';
import type { TrayDeps, TrayHandle } from './tray';

export interface FakeImage {
  pngs: Array<{ scaleFactor: number; png: Buffer }>;
}

export class FakeTray implements TrayHandle<FakeImage, TrayMenuItem[]> {
  images: FakeImage[] = [];
  tooltips: string[] = [];
  menus: TrayMenuItem[][] = [];
  destroyed = false;
  private clickListeners: Array<() => void> = [];
  constructor(readonly initialImage: FakeImage) {}
  on(_event: 'click', listener: () => void): void {
    this.clickListeners.push(listener);
  }
  click(): void {
    for (const l of this.clickListeners) l();
  }
  setImage(image: FakeImage): void {
    this.images.push(image);
  }
  setToolTip(text: string): void {
    this.tooltips.push(text);
  }
  setContextMenu(menu: TrayMenuItem[]): void {
    this.menus.push(menu);
  }
  destroy(): void {
    this.destroyed = true;
  }
  tooltip(): string | undefined {
    return this.tooltips.at(-1);
  }
  menu(): TrayMenuItem[] {
    return this.menus.at(-1) ?? [];
  }
}

export interface FakeTrayDeps extends TrayDeps<FakeImage, TrayMenuItem[]> {
  tray(): FakeTray;
  badgeCounts: number[];
  overlays: Array<{ image: FakeImage | null; description: string }>;
}

export function fakeTrayDeps(platform: NodeJS.Platform): FakeTrayDeps {
  let tray: FakeTray | null = null;
  const deps: FakeTrayDeps = {
    platform,
    badgeCounts: [],
    overlays: [],
    tray() {
      if (!tray) throw new Error('no tray was created');
      return tray;
    },
    createTray(image) {
      tray = new FakeTray(image);
      return tray;
    },
    buildMenu: (template) => template,
    imageFromPngs: (pngs) => ({ pngs }),
    setAppBadgeCount: (count) => void deps.badgeCounts.push(count),
    setOverlay: (image, description) => void deps.overlays.push({ image, description }),
  };
  return deps;
}

/** Width and height from a PNG's IHDR. */
export function pngSize(png: Buffer): [number, number] {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** Tray menu actions that only record their calls. */
export function fakeTrayActions(): TrayActions {
  return {
    open: vi.fn(),
    copy: vi.fn(),
    setDnd: vi.fn(),
    setQuietHours: vi.fn(),
    setCloseToTray: vi.fn(),
    setStartAtLogin: vi.fn(),
    switchForum: vi.fn(),
    stopHosting: vi.fn(),
    quit: vi.fn(),
  };
}

/** A tray with nothing to show: not hosting, no unread, defaults on. */
export const idleTrayState: TrayMenuState = {
  hosting: null,
  dnd: false,
  quietHours: null,
  closeToTray: true,
  startAtLogin: false,
  startAtLoginSupported: true,
  unread: 0,
};
