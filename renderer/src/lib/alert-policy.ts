/**
 * Where to tell the user about an event that concerns them. Nothing if they are looking at it;
 * a toast if they are in the app but elsewhere; an OS notification when the window is hidden or
 * in the background (the desktop bridge in the app, Web Notifications in a browser after opt-in).
 */
export type AlertChannel = 'none' | 'toast' | 'desktop' | 'web';

export interface AlertContext {
  /** The page is visible and has focus. */
  pageActive: boolean;
  /** The event's post or conversation is what the page shows. */
  onScreen: boolean;
  hasDesktopBridge: boolean;
  webNotificationsEnabled: boolean;
}

export function chooseAlert(c: AlertContext): AlertChannel {
  if (c.pageActive) return c.onScreen ? 'none' : 'toast';
  if (c.hasDesktopBridge) return 'desktop';
  if (c.webNotificationsEnabled) return 'web';
  return 'none';
}

/** "(3) Hearth" */
export function badgeTitle(base: string, unread: number): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}
