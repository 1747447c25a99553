/**
 * Hash routes: `#/`, `#/post/42`, `#/new`, `#/chat/<nickname>`, `#/notifications`,
 * `#/u/<nickname>` (a profile), `#/account`, `#/reset/<token>` (a password-reset link).
 * `#/moderation` (the moderation log, staff).
 * `#/setup?token=…` (a new forum's first run), `#/settings[/people|/categories]` (owner, admins).
 */
export const SETTINGS_TABS = ['general', 'people', 'categories'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

export type Route =
  | { name: 'feed' }
  | { name: 'post'; id: number }
  | { name: 'new' }
  | { name: 'chat'; nickname: string }
  | { name: 'notifications' }
  | { name: 'profile'; nickname: string }
  | { name: 'account' }
  | { name: 'reset'; token: string }
  | { name: 'moderation' }
  | { name: 'setup'; token: string }
  | { name: 'settings'; tab: SettingsTab }
  | { name: 'not-found'; path: string }
  // Invite people (issue 14): the share panel, and the invite link a guest opens.
  | { name: 'invite' }
  | { name: 'join'; invite: string | null };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'feed' };
  if (path === '/new') return { name: 'new' };
  if (path === '/notifications') return { name: 'notifications' };
  if (path === '/account') return { name: 'account' };
  const reset = /^\/reset\/([A-Za-z0-9_-]+)$/.exec(path);
  if (reset?.[1]) return { name: 'reset', token: reset[1] };
  const profile = /^\/u\/([^/]+)$/.exec(path);
  if (profile?.[1]) {
    try {
      return { name: 'profile', nickname: decodeURIComponent(profile[1]) };
    } catch {
      return { name: 'not-found', path };
    }
  }
  if (path === '/moderation') return { name: 'moderation' };
  if (path === '/invite') return { name: 'invite' };
  const join = /^\/join(?:\?(.*))?$/.exec(path);
  if (join) {
    const code = new URLSearchParams(join[1] ?? '').get('invite');
    return { name: 'join', invite: code && /^[A-Za-z0-9_-]{22}$/.test(code) ? code : null };
  }
  const setup = /^\/setup(?:\?(.*))?$/.exec(path);
  if (setup)
    return { name: 'setup', token: new URLSearchParams(setup[1] ?? '').get('token') ?? '' };
  const settings = /^\/settings(?:\/(people|categories))?$/.exec(path);
  if (settings)
    return { name: 'settings', tab: (settings[1] as SettingsTab | undefined) ?? 'general' };
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
    case 'profile':
      return `#/u/${encodeURIComponent(route.nickname)}`;
    case 'account':
      return '#/account';
    case 'reset':
      return `#/reset/${route.token}`;
    case 'moderation':
      return '#/moderation';
    case 'setup':
      return route.token ? `#/setup?token=${encodeURIComponent(route.token)}` : '#/setup';
    case 'settings':
      return route.tab === 'general' ? '#/settings' : `#/settings/${route.tab}`;
    case 'not-found':
      return `#${route.path}`;
    case 'invite':
      return '#/invite';
    case 'join':
      return route.invite ? `#/join?invite=${route.invite}` : '#/join';
  }
}

export const postHref = (id: number): string => routeHref({ name: 'post', id });
export const chatHref = (nickname: string): string => routeHref({ name: 'chat', nickname });
export const profileHref = (nickname: string): string => routeHref({ name: 'profile', nickname });
