/**
 * The unread state shown outside the window: tray tooltip, dock/launcher badge count and
 * the Windows taskbar overlay description. Pure; tray.ts applies it with Electron.
 */
import { badgeContent } from './tray-icon.draw';

export interface BadgeInput {
  count: number;
  dnd: boolean;
  /** `Hosting at http://…:4000 · 3 online`, or null when not hosting. */
  hostingLine: string | null;
}

export interface BadgeState {
  /** A whole, non-negative count (bad input from the page is clamped). */
  count: number;
  /** What the tray badge draws. */
  badge: ReturnType<typeof badgeContent>;
  /** `app.setBadgeCount` value (macOS dock, Unity launchers). */
  appBadgeCount: number;
  tooltip: string;
  /** Accessible text for the Windows overlay icon, or null to clear the overlay. */
  overlayDescription: string | null;
}

export const MAX_COUNT = 1_000_000;

export function clampCount(count: number): number {
  if (!Number.isFinite(count) || count < 0) return 0;
  return Math.min(MAX_COUNT, Math.floor(count));
}

export function badgeState(input: BadgeInput): BadgeState {
  const count = clampCount(input.count);
  const unread = count === 0 ? 'No unread messages' : count === 1 ? '1 unread' : `${count} unread`;
  const lines = ['Hearth', unread];
  if (input.dnd) lines.push('Do not disturb');
  if (input.hostingLine) lines.push(input.hostingLine);
  return {
    count,
    badge: badgeContent(count),
    appBadgeCount: count,
    tooltip: lines.join('\n'),
    overlayDescription: count === 0 ? null : unread,
  };
}
