/**
 * Hash routes: `#/`, `#/post/42`, `#/new`, `#/chat/<nickname>`, `#/notifications`,
 * `#/u/<nickname>` (a profile), `#/account`, `#/reset/<token>` (a password-reset link).
 * `#/moderation` (the moderation log, staff).
 * `#/setup?token=…` (a new forum's first run), `#/settings[/people|/categories]` (owner, admins).
 */
export const SETTINGS_TABS = ['general', 'people', 'categories'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/** (issue 12) The feed's filter beside the category: `#/?show=mine`, `#/?show=liked`. */
export type FeedShow = 'mine' | 'liked';

/**
 * The feed's address keeps its order, category and filter (issues 12, 13):
 * `#/?sort=activity&category=3&show=liked`.
 */
export interface FeedParams {
  /** Newest first unless 'activity' (latest activity: a new comment brings a post up). */
  sort?: 'activity';
  category?: number;
  show?: FeedShow;
}

export type Route =
  | ({ name: 'feed' } & FeedParams)
  /** (issue 12) `comment`: the one to scroll to (`#/post/42?comment=7`, a search result). */
  | { name: 'post'; id: number; comment?: number }
  | { name: 'new' }
  /** (issue 13) `message`: the one to open at (`#/chat/ana?message=7`, a notification's). */
  | { name: 'chat'; nickname: string; message?: number }
  | { name: 'notifications' }
  | { name: 'profile'; nickname: string }
  | { name: 'account' }
  | { name: 'reset'; token: string }
  | { name: 'moderation' }
  | { name: 'setup'; token: string }
  | { name: 'settings'; tab: SettingsTab }
  // (rooms) A group or room, and the room directory.
  | { name: 'room'; id: number; message?: number }
  | { name: 'rooms' }
  | { name: 'not-found'; path: string }
  // Invite people (issue 14): the share panel, and the invite link a guest opens.
  | { name: 'invite' }
  | { name: 'join'; invite: string | null };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'feed' };
  // The feed's order, category and filter (issues 12, 13) and a post's comment ride in the query.
  const withQuery = /^(\/|\/post\/[1-9]\d{0,15})\/?\?(.*)$/.exec(path);
  if (withQuery?.[1]) {
    if (withQuery[1] === '/') return { name: 'feed', ...parseFeedParams(withQuery[2] ?? '') };
    const q = new URLSearchParams(withQuery[2] ?? '');
    const id = Number(withQuery[1].slice('/post/'.length));
    const comment = Number(q.get('comment'));
    return Number.isSafeInteger(comment) && comment > 0
      ? { name: 'post', id, comment }
      : { name: 'post', id };
  }
  // (issue 13) A conversation opened at a message (a notification's, a search result's).
  const atMessage = /^(\/chat\/[^/?]+|\/room\/[1-9]\d{0,15})\?(.*)$/.exec(path);
  if (atMessage?.[1]) {
    const base = parseRoute(`#${atMessage[1]}`);
    const message = Number(new URLSearchParams(atMessage[2] ?? '').get('message'));
    const ok = Number.isSafeInteger(message) && message > 0;
    if (base.name === 'chat' || base.name === 'room') return ok ? { ...base, message } : base;
  }
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
  if (path === '/rooms') return { name: 'rooms' };
  const room = /^\/room\/([1-9]\d{0,15})$/.exec(path);
  if (room?.[1]) return { name: 'room', id: Number(room[1]) };
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
      return feedHref(route);
    case 'post':
      return route.comment ? `#/post/${route.id}?comment=${route.comment}` : `#/post/${route.id}`;
    case 'new':
      return '#/new';
    case 'chat':
      return `#/chat/${encodeURIComponent(route.nickname)}${route.message ? `?message=${route.message}` : ''}`;
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
    case 'room':
      return `#/room/${route.id}${route.message ? `?message=${route.message}` : ''}`;
    case 'rooms':
      return '#/rooms';
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
export const chatHref = (nickname: string, message?: number): string =>
  routeHref(message ? { name: 'chat', nickname, message } : { name: 'chat', nickname });
export const profileHref = (nickname: string): string => routeHref({ name: 'profile', nickname });
export const roomHref = (id: number, message?: number): string =>
  routeHref(message ? { name: 'room', id, message } : { name: 'room', id });

function parseFeedParams(query: string): FeedParams {
  const q = new URLSearchParams(query);
  const out: FeedParams = {};
  if (q.get('sort') === 'activity') out.sort = 'activity';
  const category = q.get('category') ?? '';
  if (/^[1-9]\d{0,14}$/.test(category)) out.category = Number(category);
  const show = q.get('show');
  if (show === 'mine' || show === 'liked') out.show = show;
  return out;
}

export function feedHref(p: FeedParams = {}): string {
  const q = new URLSearchParams();
  if (p.sort === 'activity') q.set('sort', 'activity');
  if (p.category !== undefined) q.set('category', String(p.category));
  if (p.show !== undefined) q.set('show', p.show);
  const s = q.toString();
  return s ? `#/?${s}` : '#/';
}
