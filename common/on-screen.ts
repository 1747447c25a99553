/**
 * Whether an event is already on screen, so nobody is alerted about what they are looking
 * at. One rule for the forum page (renderer/src/lib/alert-policy.ts: no toast) and the
 * desktop app (electron/main/notification-policy.ts: no OS notification). Pure: routes in,
 * boolean out.
 */

/** What an event is about, read from its hash route: a conversation, a post, or another view. */
export type EventKind = 'chat' | 'post' | 'other';

function trimRoute(route: string): string {
  return route.replace(/\/+$/, '');
}

export function kindOfRoute(route: string): EventKind {
  if (/^#\/chat\/[^/]+/.test(route)) return 'chat';
  if (/^#\/post\/\d+/.test(route)) return 'post';
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
    case 'post':
      return visible === event || visible.startsWith(`${event}/`) || visible === '#/notifications';
    case 'other':
      return visible === event;
  }
}
