/**
 * Whether an event is already on screen, so nobody is alerted about what they are looking
 * at. One rule for the forum page (renderer/src/lib/alert-policy.ts: no toast) and the
 * desktop app (electron/main/notification-policy.ts: no OS notification). Pure: routes in,
 * boolean out.
 */

/**
 * What an event is about, read from its hash route: a private conversation, a post, (rooms) a
 * group or room (`#/room/<id>`), or another view.
 */
export type EventKind = 'chat' | 'post' | 'room' | 'other';

function trimRoute(route: string): string {
  return route.replace(/\/+$/, '');
}

/** A conversation's or post's route without its query (`#/room/4?message=9` is room 4). */
function pathOf(route: string): string {
  const q = route.indexOf('?');
  return trimRoute(q >= 0 ? route.slice(0, q) : route);
}

export function kindOfRoute(route: string): EventKind {
  if (/^#\/chat\/[^/]+/.test(route)) return 'chat';
  if (/^#\/post\/\d+/.test(route)) return 'post';
  if (/^#\/room\/\d+/.test(route)) return 'room';
  return 'other';
}

/**
 * A message shows only in its own conversation. A post activity shows in that post (and
 * its sub-views) and in the live notifications list, where the UI inserts it as it arrives.
 * `visibleRoute` is the hash route the page shows, or null when no forum page shows.
 */
export function isEventOnScreen(eventRoute: string, visibleRoute: string | null): boolean {
  if (visibleRoute === null) return false;
  const event = trimRoute(eventRoute);
  // An empty hash is the feed, as the page's router reads it.
  const visible = trimRoute(visibleRoute) || '#';
  switch (kindOfRoute(event)) {
    case 'chat':
      return visible === event;
    case 'room':
      // Wherever the room is scrolled to: the message lands in the open room.
      return pathOf(visible) === pathOf(event);
    case 'post':
      return visible === event || visible.startsWith(`${event}/`) || visible === '#/notifications';
    case 'other':
      return visible === event;
  }
}
