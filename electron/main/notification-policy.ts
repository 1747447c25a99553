/**
 * When an OS notification is worth showing (what counts as on screen is common/on-screen.ts). Pure: the caller passes the window state and
 * the clock, so the whole matrix (focus × visible view × DND × event kind × quiet hours)
 * is unit-tested.
 */
import type { DesktopNotification } from '@common/desktop';
import { isEventOnScreen } from '@common/on-screen';

export interface QuietHours {
  /** Local time `HH:MM`; a range may cross midnight (`22:00`–`07:00`). */
  start: string;
  end: string;
}

export interface WindowState {
  focused: boolean;
  /** Shown and not minimised. A window hidden in the tray is not visible. */
  visible: boolean;
  /** The hash route the forum window shows, e.g. `#/chat/alice`; null when not on the forum. */
  route: string | null;
}

export interface PolicyInput {
  window: WindowState;
  dnd: boolean;
  quietHours: QuietHours | null;
  now: Date;
}

export type PolicyDecision =
  { show: true } | { show: false; reason: 'dnd' | 'quiet-hours' | 'visible' };

function minutesOf(hhmm: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** True when `now` (local time) falls in [start, end). Equal start and end means never. */
export function inQuietHours(now: Date, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === null || end === null || start === end) return false;
  const minute = now.getHours() * 60 + now.getMinutes();
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function decideNotification(
  notification: Pick<DesktopNotification, 'route'>,
  input: PolicyInput,
): PolicyDecision {
  if (input.dnd) return { show: false, reason: 'dnd' };
  if (inQuietHours(input.now, input.quietHours)) return { show: false, reason: 'quiet-hours' };
  const { focused, visible, route } = input.window;
  if (focused && visible && isEventOnScreen(notification.route, route)) {
    return { show: false, reason: 'visible' };
  }
  return { show: true };
}

const LIBNOTIFY_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * libnotify servers (GNOME, KDE, dunst) parse the body as a subset of HTML markup, so a
 * message like `<b>hi</b>` or `a & b` would render wrong or be dropped. The summary is
 * plain text there, so only the body is escaped.
 */
export function escapeForLibnotify(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => LIBNOTIFY_ESCAPES[ch] ?? ch);
}

const MAX_TITLE = 120;
const MAX_BODY = 300;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The text handed to the OS: single-line, clipped, and escaped where the OS parses markup. */
export function osNotificationText(
  n: Pick<DesktopNotification, 'title' | 'body'>,
  platform: NodeJS.Platform,
): { title: string; body: string } {
  const title = clip(n.title, MAX_TITLE);
  const body = clip(n.body, MAX_BODY);
  return { title, body: platform === 'linux' ? escapeForLibnotify(body) : body };
}
