/**
 * Where to tell the user about an event that concerns them. Nothing if they are looking at it;
 * a toast if they are in the app but elsewhere; an OS notification when the window is hidden or
 * in the background (the desktop bridge in the app, Web Notifications in a browser after opt-in).
 */
import { isEventOnScreen } from '@common/on-screen';

export type AlertChannel = 'none' | 'toast' | 'desktop' | 'web';

export interface AlertContext {
  /** The page is visible and has focus. */
  pageActive: boolean;
  /** The hash route of the event's post or conversation, e.g. `#/chat/alice`. */
  eventRoute: string;
  /** The hash route the page shows. Whether the event is on it is common/on-screen.ts. */
  visibleRoute: string;
  hasDesktopBridge: boolean;
  webNotificationsEnabled: boolean;
}

export function chooseAlert(c: AlertContext): AlertChannel {
  if (c.pageActive) return isEventOnScreen(c.eventRoute, c.visibleRoute) ? 'none' : 'toast';
  if (c.hasDesktopBridge) return 'desktop';
  if (c.webNotificationsEnabled) return 'web';
  return 'none';
}

/** "(3) Hearth" */
export function badgeTitle(base: string, unread: number): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}
