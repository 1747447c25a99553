/**
 * Hash routes: `#/`, `#/post/42`, `#/new`, `#/chat/<nickname>`, `#/notifications`,
 * `#/moderation` (the moderation log, staff).
 */
export type Route =
  | { name: 'feed' }
  | { name: 'post'; id: number }
  | { name: 'new' }
  | { name: 'chat'; nickname: string }
  | { name: 'notifications' }
  | { name: 'moderation' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'feed' };
  if (path === '/new') return { name: 'new' };
  if (path === '/notifications') return { name: 'notifications' };
  if (path === '/moderation') return { name: 'moderation' };
  const post = /^\/post\/([1-9]\d{0,15})$/.exec(path);
  if (post?.[1]) return { name: 'post', id: Number(post[1]) };
  const chat = /^\/chat\/([^/]+)$/.exec(path);
  if (chat?.[1]) {
    try {
      return { name: 'chat', nickname: decodeURIComponent(chat[1]) };
    } catch {
      return { name: 'not-found', path };
    }
  }
  return { name: 'not-found', path };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'feed':
      return '#/';
    case 'post':
      return `#/post/${route.id}`;
    case 'new':
      return '#/new';
    case 'chat':
      return `#/chat/${encodeURIComponent(route.nickname)}`;
    case 'notifications':
      return '#/notifications';
    case 'moderation':
      return '#/moderation';
    case 'not-found':
      return `#${route.path}`;
  }
}

export const postHref = (id: number): string => routeHref({ name: 'post', id });
export const chatHref = (nickname: string): string => routeHref({ name: 'chat', nickname });
