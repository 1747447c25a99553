import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng, type Bitmap } from './png.encode';
import {
  BADGE_RED,
  badgeContent,
  badgeGeometry,
  drawOverlayBadge,
  drawTrayIcon,
  pixelAt,
} from './tray-icon.draw';
import { badgeState, clampCount } from './unread-badge';

function countPixels(b: Bitmap, test: (p: [number, number, number, number]) => boolean): number {
  let n = 0;
  for (let y = 0; y < b.height; y++)
    for (let x = 0; x < b.width; x++) if (test(pixelAt(b, x, y))) n++;
  return n;
}
type Px = [number, number, number, number];
const isRed = ([r, g, b, a]: Px) =>
  a === 255 && r === BADGE_RED[0] && g === BADGE_RED[1] && b === BADGE_RED[2];
const isWhite = ([r, g, b, a]: Px) => a === 255 && r === 255 && g === 255 && b === 255;
const isOrange = ([r, g, b, a]: Px) => a > 200 && r > 200 && g > 70 && g < 120 && b < 40;

describe('badgeContent', () => {
  it('is empty at 0, a number up to 99, a dot beyond', () => {
    expect(badgeContent(0)).toEqual({ kind: 'none' });
    expect(badgeContent(-3)).toEqual({ kind: 'none' });
    expect(badgeContent(Number.NaN)).toEqual({ kind: 'none' });
    expect(badgeContent(1)).toEqual({ kind: 'number', text: '1' });
    expect(badgeContent(99)).toEqual({ kind: 'number', text: '99' });
    expect(badgeContent(100)).toEqual({ kind: 'dot' });
  });
});

describe('drawTrayIcon', () => {
  for (const size of [16, 32]) {
    it(`${size}px: no badge at 0 unread, an orange flame`, () => {
      const icon = drawTrayIcon(size, { count: 0, dnd: false });
      expect(icon.data).toHaveLength(size * size * 4);
      expect(countPixels(icon, isRed)).toBe(0);
      expect(countPixels(icon, isOrange)).toBeGreaterThan(size);
      // Corners stay transparent.
      expect(pixelAt(icon, 0, 0)[3]).toBe(0);
    });

    it(`${size}px: a red badge with white digits for 1 unread`, () => {
      const icon = drawTrayIcon(size, { count: 1, dnd: false });
      const g = badgeGeometry(size, 1);
      expect(countPixels(icon, isRed)).toBeGreaterThan(10);
      expect(countPixels(icon, isWhite)).toBeGreaterThan(0);
      // The badge sits in the bottom-right corner.
      expect(g.cx).toBeGreaterThan(size / 2);
      expect(g.cy).toBeGreaterThan(size / 2);
    });
  }

  it('draws each count differently, and two digits wider', () => {
    const seen = new Set<string>();
    for (let n = 0; n <= 12; n++) {
      seen.add(Buffer.from(drawTrayIcon(16, { count: n, dnd: false }).data).toString('base64'));
    }
    expect(seen.size).toBe(13);
    expect(badgeGeometry(16, 2).width).toBeGreaterThan(badgeGeometry(16, 1).width);
  });

  it('shows a dot with no digits past 99', () => {
    const icon = drawTrayIcon(32, { count: 250, dnd: false });
    expect(countPixels(icon, isRed)).toBeGreaterThan(50);
    expect(countPixels(icon, isWhite)).toBe(0);
  });

  it('greys the flame under do-not-disturb but keeps the count', () => {
    const icon = drawTrayIcon(32, { count: 4, dnd: true });
    expect(countPixels(icon, isOrange)).toBe(0);
    expect(countPixels(icon, isRed)).toBeGreaterThan(10);
  });

  it('the overlay is the badge alone, or nothing at 0', () => {
    expect(drawOverlayBadge(16, 0)).toBeNull();
    const overlay = drawOverlayBadge(16, 7);
    expect(overlay).not.toBeNull();
    if (overlay) expect(countPixels(overlay, isOrange)).toBe(0);
  });
});

describe('encodePng', () => {
  it('writes a valid PNG that round-trips the pixels', () => {
    const icon = drawTrayIcon(16, { count: 3, dnd: false });
    const png = encodePng(icon);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    // Walk the chunks, checking each CRC.
    let offset = 8;
    const types: string[] = [];
    let idat: Buffer = Buffer.alloc(0);
    while (offset < png.length) {
      const len = png.readUInt32BE(offset);
      const type = png.toString('ascii', offset + 4, offset + 8);
      const crc = png.readUInt32BE(offset + 8 + len);
      expect(crc).toBe(crc32(png.subarray(offset + 4, offset + 8 + len)));
      if (type === 'IDAT') idat = png.subarray(offset + 8, offset + 8 + len);
      types.push(type);
      offset += 12 + len;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    const raw = inflateSync(idat);
    expect(raw).toHaveLength(16 * (16 * 4 + 1));
    expect(raw.subarray(1 + 5 * 65, 65 + 5 * 65)).toEqual(
      Buffer.from(icon.data.subarray(5 * 64, 6 * 64)),
    );
  });

  it('rejects a bitmap whose data does not match its size', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow();
  });
});

describe('badgeState', () => {
  it('clamps bad counts from the page', () => {
    expect(clampCount(-1)).toBe(0);
    expect(clampCount(Number.POSITIVE_INFINITY)).toBe(0);
    expect(clampCount(2.7)).toBe(2);
    expect(clampCount(1e12)).toBe(1_000_000);
  });

  it('describes the state for tooltip, dock and overlay', () => {
    expect(badgeState({ count: 0, dnd: false, hostingLine: null })).toEqual({
      count: 0,
      badge: { kind: 'none' },
      appBadgeCount: 0,
      tooltip: 'Hearth\nNo unread messages',
      overlayDescription: null,
    });
    const busy = badgeState({
      count: 1,
      dnd: true,
      hostingLine: 'Hosting at http://10.0.0.2:4000 · 2 online',
    });
    expect(busy.tooltip).toBe(
      'Hearth\n1 unread\nDo not disturb\nHosting at http://10.0.0.2:4000 · 2 online',
    );
    expect(busy.overlayDescription).toBe('1 unread');
    expect(busy.appBadgeCount).toBe(1);
    expect(badgeState({ count: 120, dnd: false, hostingLine: null }).badge).toEqual({
      kind: 'dot',
    });
  });
});
