import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  displayKey,
  EMPTY_WINDOW_STATE,
  openWindowStateStore,
  placementToRestore,
  rememberPlacement,
  trackPlacement,
  type DisplayLike,
} from './window-state';

const laptop: DisplayLike = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
const monitor: DisplayLike = {
  id: 2,
  bounds: { x: 1440, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1440, y: 0, width: 2560, height: 1400 },
};

describe('window placement per display', () => {
  it('opens where it was on the display it was on', () => {
    const saved = rememberPlacement(EMPTY_WINDOW_STATE, monitor, {
      bounds: { x: 1600, y: 100, width: 1280, height: 800 },
      maximized: false,
    });
    expect(placementToRestore(saved, [laptop, monitor])).toEqual({
      bounds: { x: 1600, y: 100, width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('keeps one placement per display set-up and prefers the last used', () => {
    let saved = rememberPlacement(EMPTY_WINDOW_STATE, laptop, {
      bounds: { x: 10, y: 40, width: 1000, height: 700 },
      maximized: true,
    });
    saved = rememberPlacement(saved, monitor, {
      bounds: { x: 1500, y: 50, width: 1280, height: 800 },
      maximized: false,
    });
    expect(placementToRestore(saved, [laptop, monitor]).bounds?.x).toBe(1500);
    // Monitor unplugged: the laptop's own placement, maximised as it was.
    expect(placementToRestore(saved, [laptop])).toEqual({
      bounds: { x: 10, y: 40, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('a display that is gone gives the default placement, never off-screen bounds', () => {
    const saved = rememberPlacement(EMPTY_WINDOW_STATE, monitor, {
      bounds: { x: 2000, y: 200, width: 1280, height: 800 },
      maximized: true,
    });
    expect(placementToRestore(saved, [laptop])).toEqual({ bounds: null, maximized: false });
  });

  it('a display that changed resolution counts as another display', () => {
    const saved = rememberPlacement(EMPTY_WINDOW_STATE, monitor, {
      bounds: { x: 1500, y: 50, width: 1280, height: 800 },
      maximized: false,
    });
    const smaller = { ...monitor, bounds: { ...monitor.bounds, width: 1920, height: 1080 } };
    expect(displayKey(smaller)).not.toBe(displayKey(monitor));
    expect(placementToRestore(saved, [laptop, smaller]).bounds).toBeNull();
  });

  it('fits a window larger than the work area, and refuses one mostly off it', () => {
    const big = rememberPlacement(EMPTY_WINDOW_STATE, laptop, {
      bounds: { x: -50, y: 0, width: 3000, height: 2000 },
      maximized: false,
    });
    expect(placementToRestore(big, [laptop]).bounds).toEqual(laptop.workArea);
    const offEdge = rememberPlacement(EMPTY_WINDOW_STATE, laptop, {
      bounds: { x: 1400, y: 860, width: 800, height: 600 },
      maximized: false,
    });
    expect(placementToRestore(offEdge, [laptop]).bounds).toBeNull();
  });

  it('persists across starts, and a corrupt file starts from defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-winstate-'));
    try {
      const store = openWindowStateStore(dir, () => {});
      store.save(laptop, { bounds: { x: 20, y: 50, width: 900, height: 600 }, maximized: false });
      const again = openWindowStateStore(dir, () => {});
      expect(placementToRestore(again.get(), [laptop]).bounds).toEqual({
        x: 20,
        y: 50,
        width: 900,
        height: 600,
      });
      writeFileSync(join(dir, 'window-state.json'), '{"version":1,"byDisplay":{"x":');
      expect(openWindowStateStore(dir, () => {}).get()).toEqual(EMPTY_WINDOW_STATE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('trackPlacement', () => {
  it('saves once a move settles, on maximise, and on close; never while minimised', async () => {
    const listeners = new Map<string, () => void>();
    const win = {
      bounds: { x: 100.4, y: 80, width: 1000, height: 700 },
      maximized: false,
      minimized: false,
      on: (event: string, l: () => void) => void listeners.set(event, l),
      getNormalBounds() {
        return this.bounds;
      },
      isMaximized() {
        return this.maximized;
      },
      isMinimized() {
        return this.minimized;
      },
      isDestroyed: () => false,
    };
    const saved: Array<{ display: number; bounds: unknown; maximized: boolean }> = [];
    trackPlacement(
      win,
      () => laptop,
      (display, p) => void saved.push({ display: display.id, ...p }),
      20,
    );
    listeners.get('move')?.();
    listeners.get('move')?.();
    listeners.get('resize')?.();
    expect(saved).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(saved).toEqual([
      { display: 1, bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: false },
    ]);
    win.maximized = true;
    listeners.get('maximize')?.();
    expect(saved.at(-1)?.maximized).toBe(true);
    win.minimized = true;
    listeners.get('close')?.();
    expect(saved).toHaveLength(2);
  });
});
