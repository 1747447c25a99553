/**
 * Where to tell the user about an event that concerns them. Nothing if they are looking at it;
 * a toast if they are in the app but elsewhere; an OS notification when the window is hidden or
 * in the background (the desktop bridge in the app, Web Notifications in a browser after opt-in).
 */
import type { ConversationKind, NotifyLevel } from '@common/conversations';
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

/** (rooms) Where a chat message is and how its reader set it up (the server's ConversationSummary). */
export interface MessageAlertFacts {
  kind: ConversationKind;
  /** I sent it (another device of mine): never alerted. */
  fromMe: boolean;
  /** The level as it applies (`ConversationSummary.notify`); undefined: the kind's default. */
  notify?: NotifyLevel | undefined;
  muted: boolean;
  /** It @mentions me (common/mentions.ts, the server's own rule). */
  mentionsMe: boolean;
}

/**
 * - `alert`: alert it as a message (the reader wants every message here);
 * - `mention`: it mentions me, and the server sends me a `mention` notification for it, which
 *   alerts (once: the message itself stays quiet, so nobody is told twice);
 * - `quiet`: nothing (mine, muted, "nothing", or "mentions only" without a mention).
 */
export type MessageAlert = 'alert' | 'mention' | 'quiet';

/**
 * Whether a chat message alerts me, by its conversation's level (issue 11): private messages
 * and groups alert on every message unless muted; public rooms default to "mentions only";
 * "nothing" and mute silence everything (the server then writes no mention notification
 * either: server/services/mention-policy.ts). Where it alerts (toast, OS, nothing because it
 * is on screen) is `chooseAlert`.
 */
export function messageAlert(f: MessageAlertFacts): MessageAlert {
  if (f.fromMe || f.muted) return 'quiet';
  const level = f.notify ?? (f.kind === 'room' ? 'mentions' : 'all');
  if (level === 'none') return 'quiet';
  // A private message's recipient gets no mention notification (the message tells them).
  if (f.mentionsMe && f.kind !== 'direct') return 'mention';
  return level === 'all' ? 'alert' : 'quiet';
}
