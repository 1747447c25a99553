/**
 * What every screenshot spec (e2e/screenshots*.spec.ts) shares: the viewports and themes, where
 * the PNGs go, the shot itself, and which viewport×theme combinations a run walks.
 *
 * CI walks every screen at both widths and in both themes, but not every pairing: desktop in
 * light and mobile in dark (half the cost; CI is near its time limit). The full set of four,
 * which the committed PNGs need, comes with `HEARTH_SCREENSHOTS=1` (writes e2e/screenshots/) or
 * `HEARTH_SCREENS=all` (all four, PNGs still to the ignored e2e/.output/screenshots/).
 */
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { ROOT } from './forum-server';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;
export const SCHEMES = ['light', 'dark'] as const;
export type Scheme = (typeof SCHEMES)[number];

export interface Combo {
  viewport: ViewportName;
  scheme: Scheme;
}

/** The committed set with `HEARTH_SCREENSHOTS=1`; otherwise an ignored folder. */
export const SCREENSHOT_DIR = join(
  ROOT,
  process.env.HEARTH_SCREENSHOTS ? 'e2e/screenshots' : 'e2e/.output/screenshots',
);

/** True when this run shoots all four combinations (refreshing the committed set needs them). */
export const ALL_COMBOS =
  Boolean(process.env.HEARTH_SCREENSHOTS) || process.env.HEARTH_SCREENS === 'all';

/** Every viewport×theme pairing, in the order the specs always walked them. */
export const EVERY_COMBO: readonly Combo[] = (Object.keys(VIEWPORTS) as ViewportName[]).flatMap(
  (viewport) => SCHEMES.map((scheme) => ({ viewport, scheme })),
);

/** Each width once and each theme once: the pairing CI walks. */
const CI_COMBOS: readonly Combo[] = [
  { viewport: 'desktop', scheme: 'light' },
  { viewport: 'mobile', scheme: 'dark' },
];

/** The combinations this run walks: all four, or desktop light and mobile dark. */
export function combos(): readonly Combo[] {
  return ALL_COMBOS ? EVERY_COMBO : CI_COMBOS;
}

/** Whether a spec written as one test per combination runs this one. */
export function selected(c: Combo): boolean {
  return combos().some((x) => x.viewport === c.viewport && x.scheme === c.scheme);
}

/** The reason a per-combination test gives when it skips (see `selected`). */
export const SKIP_REASON =
  'CI shoots desktop light and mobile dark only; HEARTH_SCREENSHOTS=1 or HEARTH_SCREENS=all for all four';

export interface ShotOptions {
  fullPage?: boolean;
  /** Leave the pointer where it is (the specs that never moved it, so their PNGs stay alike). */
  keepPointer?: boolean;
  /** Playwright's `animations: 'disabled'` (the launcher's own transitions). */
  stillAnimations?: boolean;
}

/**
 * Shoots `file` (a name under SCREENSHOT_DIR) after checking that nothing overflows sideways
 * (the 360 px promise). The pointer is moved away first, so the shot shows resting colours.
 */
export async function shootFile(page: Page, file: string, options: ShotOptions = {}) {
  // A string: e2e/ is type-checked without the DOM library.
  const overflow = Number(
    await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
  );
  expect(overflow, `${file} overflows horizontally`).toBeLessThanOrEqual(0);
  if (!options.keepPointer) await page.mouse.move(0, 0);
  await page.screenshot({
    path: join(SCREENSHOT_DIR, file),
    fullPage: options.fullPage ?? false,
    ...(options.stillAnimations ? { animations: 'disabled' as const } : {}),
  });
}

/** Shoots `<name>-<viewport>-<scheme>.png`. */
export function shoot(
  page: Page,
  name: string,
  viewport: string,
  scheme: string,
  options: ShotOptions = {},
) {
  return shootFile(page, `${name}-${viewport}-${scheme}.png`, options);
}
