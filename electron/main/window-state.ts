/**
 * The window's size, position and maximised state, remembered per display set-up: a
 * laptop alone and the same laptop on its desk monitor each get their own placement.
 * Restoring is a pure function of what was saved and the displays there now, so a window
 * never comes back on a monitor that is gone (off screen, unreachable).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { openJsonFile } from './json-file.store';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The parts of Electron's Display used here. */
export interface DisplayLike {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

const rectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
const placementSchema = z.object({ bounds: rectSchema, maximized: z.boolean() });
export type Placement = z.infer<typeof placementSchema>;

export const windowStateSchema = z.object({
  version: z.literal(1),
  /** Keyed by displayKey() of the display the window was on. */
  byDisplay: z.record(z.string(), placementSchema),
  /** The display key saved last: preferred when several saved displays are connected. */
  last: z.string().nullable(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const EMPTY_WINDOW_STATE: WindowState = { version: 1, byDisplay: {}, last: null };

/** A display by id and geometry: a monitor that changed resolution counts as another one. */
export function displayKey(display: DisplayLike): string {
  const b = display.bounds;
  return `${display.id}:${b.width}x${b.height}@${b.x},${b.y}`;
}

/** How much of the window must be on a work area to count as reachable (title bar grip). */
const MIN_VISIBLE = { width: 120, height: 60 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** Shrinks `r` to fit `area` and moves it inside. */
function fitInto(r: Rect, area: Rect): Rect {
  const width = Math.min(r.width, area.width);
  const height = Math.min(r.height, area.height);
  return {
    width,
    height,
    x: Math.min(Math.max(r.x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(r.y, area.y), area.y + area.height - height),
  };
}

/**
 * Where to open the window: the placement saved for a display that is connected now (the
 * last one used first), fitted to that display's work area. Null bounds: nothing usable
 * was saved (first start, or every saved display is gone): the caller lets the OS centre
 * a default-sized window on the primary display.
 */
export function placementToRestore(
  saved: WindowState,
  displays: readonly DisplayLike[],
): { bounds: Rect | null; maximized: boolean } {
  const connected = new Map(displays.map((d) => [displayKey(d), d]));
  const keys = [
    ...(saved.last ? [saved.last] : []),
    ...Object.keys(saved.byDisplay).filter((k) => k !== saved.last),
  ];
  for (const key of keys) {
    const display = connected.get(key);
    const placement = saved.byDisplay[key];
    if (!display || !placement) continue;
    const seen = overlap(placement.bounds, display.workArea);
    if (seen.width < MIN_VISIBLE.width || seen.height < MIN_VISIBLE.height) continue;
    return { bounds: fitInto(placement.bounds, display.workArea), maximized: placement.maximized };
  }
  return { bounds: null, maximized: false };
}

/**
 * Records the window's placement under the display it is on. `bounds` are the normal
 * (un-maximised) bounds, so un-maximising after a restore gives the old size back.
 */
export function rememberPlacement(
  saved: WindowState,
  display: DisplayLike,
  placement: Placement,
): WindowState {
  const key = displayKey(display);
  return { version: 1, byDisplay: { ...saved.byDisplay, [key]: placement }, last: key };
}

export function openWindowStateStore(userDataDir: string, log: (line: string) => void) {
  const file = openJsonFile(
    join(userDataDir, 'window-state.json'),
    windowStateSchema,
    () => EMPTY_WINDOW_STATE,
    log,
  );
  let state = file.read();
  return {
    get: (): WindowState => state,
    save(display: DisplayLike, placement: Placement): void {
      state = rememberPlacement(state, display, placement);
      file.write(state);
    },
  };
}

/** The parts of BrowserWindow that placement tracking reads. */
export interface PlacedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): void;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

/**
 * Saves the window's placement after it moves or resizes (once it has settled, so a drag
 * is one write), when it is maximised or restored, and when it closes. A minimised
 * window keeps its last placement.
 */
export function trackPlacement(
  win: PlacedWindow,
  displayMatching: (bounds: Rect) => DisplayLike,
  save: (display: DisplayLike, placement: Placement) => void,
  settleMs = 500,
): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const saveNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    const bounds = {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.max(1, Math.round(b.width)),
      height: Math.max(1, Math.round(b.height)),
    };
    save(displayMatching(bounds), { bounds, maximized: win.isMaximized() });
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, settleMs);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveNow);
  win.on('unmaximize', saveNow);
  win.on('close', saveNow);
}
