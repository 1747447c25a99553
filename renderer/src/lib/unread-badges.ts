/**
 * (rooms) The counts outside the sidebar, from the numbers the sidebar shows (all of them the
 * server's): the conversations badge on the phone header's drawer toggle, and the app's badge
 * (tray or dock, the window title). Pure, so the rules have one table-driven test.
 */
import type { NotifyLevel } from '@common/conversations';

export interface RoomCounts {
  id: number;
  unread: number;
  mentionCount: number;
  /** The level as it applies (the kind's default already resolved by the server). */
  notify: NotifyLevel;
  muted: boolean;
}

/**
 * What one group or room adds, as its sidebar row says it loudly: nothing when muted, set to
 * "nothing", or open on screen; every unread message at "all" (groups by default); the
 * mentions at "mentions only" (rooms by default; the row's other unread count is shown quiet).
 */
export function roomBadge(c: RoomCounts, openId: number | null): number {
  if (c.muted || c.notify === 'none' || c.id === openId) return 0;
  return c.notify === 'all' ? c.unread : c.mentionCount;
}

/** The drawer toggle's badge: private messages plus every room's loud count. */
export function conversationsBadge(
  directUnread: number,
  rooms: readonly RoomCounts[],
  openId: number | null,
): number {
  return rooms.reduce((n, c) => n + roomBadge(c, openId), directUnread);
}

/**
 * The app's badge: the bell's rows and the conversations. A mention in a group or room is
 * both a bell row (its `mention` notification) and part of its room's count: it is counted
 * once, in the bell.
 */
export function appBadge(
  bellRows: number,
  directUnread: number,
  rooms: readonly RoomCounts[],
  openId: number | null,
): number {
  return rooms.reduce((n, c) => {
    const loud = roomBadge(c, openId);
    return n + (loud === 0 ? 0 : Math.max(0, loud - c.mentionCount));
  }, bellRows + directUnread);
}
