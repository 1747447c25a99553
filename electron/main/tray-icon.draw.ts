/**
 * Draws the tray icon and the Windows taskbar overlay as RGBA bitmaps: a flame, grey
 * under do-not-disturb, with a red badge holding the unread count (one or two digits) or
 * a plain dot past 99. Pure and deterministic, so tests can read the pixels.
 */
import type { Bitmap } from './png.encode';

export interface TrayIconState {
  /** Unread items; 0 means no badge. */
  count: number;
  dnd: boolean;
}

type Rgb = readonly [number, number, number];
const FLAME: Rgb = [0xea, 0x58, 0x0c];
const FLAME_CORE: Rgb = [0xfd, 0xba, 0x74];
const FLAME_DND: Rgb = [0x8a, 0x8f, 0x98];
const FLAME_CORE_DND: Rgb = [0xc9, 0xcd, 0xd3];
export const BADGE_RED: Rgb = [0xdc, 0x26, 0x26];
export const BADGE_TEXT: Rgb = [0xff, 0xff, 0xff];

/** 3×5 digits, one string per row, `#` = ink. Readable at 16 px, scaled up for 32 px. */
const DIGITS: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
};

/** What the badge shows: nothing, a number (1–99), or a dot for larger counts. */
export function badgeContent(
  count: number,
): { kind: 'none' } | { kind: 'number'; text: string } | { kind: 'dot' } {
  if (!Number.isFinite(count) || count <= 0) return { kind: 'none' };
  if (count > 99) return { kind: 'dot' };
  return { kind: 'number', text: String(Math.floor(count)) };
}

function blank(size: number): Bitmap {
  return { width: size, height: size, data: new Uint8Array(size * size * 4) };
}

/** Alpha-composite one colour over a pixel with coverage 0..1. */
function paint(bitmap: Bitmap, x: number, y: number, rgb: Rgb, coverage: number): void {
  if (coverage <= 0 || x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) return;
  const i = (y * bitmap.width + x) * 4;
  const d = bitmap.data;
  const srcA = Math.min(1, coverage);
  const dstA = (d[i + 3] ?? 0) / 255;
  const outA = srcA + dstA * (1 - srcA);
  for (let c = 0; c < 3; c++) {
    const src = rgb[c] ?? 0;
    const dst = d[i + c] ?? 0;
    d[i + c] = Math.round((src * srcA + dst * dstA * (1 - srcA)) / outA);
  }
  d[i + 3] = Math.round(outA * 255);
}

/** Fill a shape given as an inside-test in unit coordinates, 4×4 supersampled. */
function fillShape(bitmap: Bitmap, rgb: Rgb, inside: (u: number, v: number) => boolean): void {
  const n = 4;
  const { width, height } = bitmap;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let hits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          if (inside((x + (sx + 0.5) / n) / width, (y + (sy + 0.5) / n) / height)) hits++;
        }
      }
      paint(bitmap, x, y, rgb, hits / (n * n));
    }
  }
}

/** A drop: a circle with a pointed top, formed by the two tangents from the tip. */
function drop(cx: number, cy: number, r: number, tipY: number) {
  const d = cy - tipY;
  const half = Math.asin(Math.min(1, r / d));
  return (u: number, v: number): boolean => {
    const dx = u - cx;
    const dy = v - cy;
    if (dx * dx + dy * dy <= r * r) return true;
    if (v < tipY || v > cy) return false;
    const angle = Math.atan2(Math.abs(u - cx), v - tipY);
    const tangentLen = Math.sqrt(Math.max(0, d * d - r * r));
    return angle <= half && Math.hypot(u - cx, v - tipY) <= tangentLen / Math.cos(angle);
  };
}

function drawDigits(bitmap: Bitmap, text: string, cx: number, cy: number, scale: number): void {
  const glyphW = 3 * scale;
  const gap = scale;
  const totalW = text.length * glyphW + (text.length - 1) * gap;
  const left = Math.round(cx - totalW / 2);
  const top = Math.round(cy - (5 * scale) / 2);
  [...text].forEach((ch, i) => {
    const rows = DIGITS[ch];
    if (!rows) return;
    rows.forEach((row, ry) => {
      [...row].forEach((cell, rx) => {
        if (cell !== '#') return;
        for (let py = 0; py < scale; py++) {
          for (let px = 0; px < scale; px++) {
            paint(
              bitmap,
              left + i * (glyphW + gap) + rx * scale + px,
              top + ry * scale + py,
              BADGE_TEXT,
              1,
            );
          }
        }
      });
    });
  });
}

/** The badge geometry for an icon of `size` px: centre and radius in pixels. */
export function badgeGeometry(size: number, digits: number) {
  const scale = Math.max(1, Math.floor(size / 16));
  const height = 5 * scale + 4 * scale + (size >= 32 ? 2 : 1);
  const textW = digits * 3 * scale + Math.max(0, digits - 1) * scale;
  const width = Math.max(height, textW + 4 * scale);
  const cx = size - width / 2;
  const cy = size - height / 2;
  return { cx, cy, width, height, scale };
}

function drawBadge(bitmap: Bitmap, count: number): void {
  const content = badgeContent(count);
  if (content.kind === 'none') return;
  const size = bitmap.width;
  const digits = content.kind === 'number' ? content.text.length : 1;
  const g = badgeGeometry(size, digits);
  const r = g.height / 2;
  const straight = (g.width - g.height) / 2;
  // A pill: a rectangle with round ends; a circle when it holds one digit.
  fillShape(bitmap, BADGE_RED, (u, v) => {
    const x = u * size;
    const y = v * size;
    const dx = Math.max(0, Math.abs(x - g.cx) - straight);
    const dy = y - g.cy;
    return dx * dx + dy * dy <= r * r;
  });
  if (content.kind === 'number') drawDigits(bitmap, content.text, g.cx, g.cy, g.scale);
}

export function drawTrayIcon(size: number, state: TrayIconState): Bitmap {
  const bitmap = blank(size);
  fillShape(bitmap, state.dnd ? FLAME_DND : FLAME, drop(0.5, 0.64, 0.3, 0.04));
  fillShape(bitmap, state.dnd ? FLAME_CORE_DND : FLAME_CORE, drop(0.5, 0.74, 0.15, 0.36));
  drawBadge(bitmap, state.count);
  return bitmap;
}

/** The Windows taskbar overlay: the badge alone, filling a 16 px (or 32 px) square. */
export function drawOverlayBadge(size: number, count: number): Bitmap | null {
  if (badgeContent(count).kind === 'none') return null;
  const bitmap = blank(size);
  drawBadge(bitmap, count);
  return bitmap;
}

/** Colour of one pixel, for tests and debugging. */
export function pixelAt(bitmap: Bitmap, x: number, y: number): [number, number, number, number] {
  const i = (y * bitmap.width + x) * 4;
  const d = bitmap.data;
  return [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0, d[i + 3] ?? 0];
}
