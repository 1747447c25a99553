/**
 * Alerts and unread marks against the real server, over the UI's own socket client: my own
 * messages (sent from this window or another device) never alert me, on any channel; and when
 * the server's notification count drops to 0 (everything read, here or elsewhere), no unread
 * dot stays in the list, the bell shows no count, and the title and the desktop badge follow.
 * The page (visibility, focus, title) and the desktop bridge are stand-ins; the server, its
 * database and the sockets are real.
 */
import WebSocket from 'ws';
import { describe, expect, it, vi } from 'vitest';
import type { Me, Post } from '@common/api';
import type { DesktopBridge, DesktopNotification } from '@common/desktop';
// The library itself, not server/test/harness (Node-only code, checked without the DOM library).
import { badgeTitle } from '../lib/alert-policy';
import { useRealForum } from './real-forum.test-support';
import { SocketClient, type WebSocketLike } from '../lib/socket';
import { AttentionState } from './attention.svelte';
import { ChatState } from './chat.svelte';
import { NotificationsState } from './notifications.svelte';
import type { RouterState } from './router.svelte';
import { ToastState } from './toasts.svelte';

const forumServer = useRealForum('attention');
const cleanup = forumServer.cleanup;
const realFetch = globalThis.fetch;

/** One signed-in session (a browser's cookie), with the requests the tests make. */
class Session {
  constructor(readonly cookie: string) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }> {
    const res = await realFetch(`${forumServer.server.url}${path}`, {
      method,
      headers: { cookie: this.cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
  }
}

const PASSWORD = 'correct horse battery';
let seq = 0;

async function signIn(path: string, body: object): Promise<Session> {
  const res = await realFetch(`${forumServer.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
  return new Session((res.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
}

async function signup(): Promise<{ client: Session; user: Me }> {
  const nickname = `att${process.pid % 1000}_${++seq}`;
  const client = await signIn('/api/auth/signup', {
    nickname,
    email: `${nickname}@example.com`,
    password: PASSWORD,
    firstName: 'Alert',
    lastName: 'Tester',
    age: 30,
    gender: 'other',
  });
  return { client, user: (await client.request<Me>('GET', '/api/auth/me')).json };
}

const wsUrl = () => `${forumServer.server.url.replace(/^http/, 'ws')}/ws`;

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The page as AttentionState reads it: visible and focused, or in the background. */
function stubPage(active: boolean) {
  const page = Object.assign(new EventTarget(), {
    visibilityState: active ? 'visible' : 'hidden',
    hasFocus: () => active,
    title: '',
  });
  vi.stubGlobal('document', page);
  return page;
}

/** The desktop app's bridge, recording what the UI asks of the OS. */
function stubDesktop() {
  const notified: DesktopNotification[] = [];
  const badge: number[] = [];
  const desktop: Pick<DesktopBridge, 'notify' | 'setUnreadCount' | 'onNavigate'> = {
    notify: (n) => notified.push(n),
    setUnreadCount: (n) => badge.push(n),
    onNavigate: () => () => undefined,
  };
  vi.stubGlobal('window', { desktop, isSecureContext: true, focus: () => undefined });
  return { notified, badge };
}

/** The UI's same-origin `/api/…` requests go to the real server, with this person's cookie. */
function sameOriginFetch(client: Session): void {
  vi.stubGlobal(
    'fetch',
    (url: string, init: RequestInit = {}) =>
      url.startsWith('/')
        ? realFetch(`${forumServer.server.url}${url}`, {
            ...init,
            headers: { ...(init.headers as Record<string, string>), cookie: client.cookie },
          })
        : realFetch(url, init), // the test's own requests (Session)
  );
}

/** A signed-in window: its socket, chat, notifications and alerts, as Shell.svelte builds them. */
function signedInWindow(client: Session, myId: number) {
  const socket = new SocketClient({
    url: wsUrl(),
    createSocket: (url) =>
      new WebSocket(url, {
        headers: { cookie: client.cookie, origin: forumServer.server.url },
      }) as unknown as WebSocketLike,
  });
  const router = { current: { name: 'feed' }, go: () => undefined } as unknown as RouterState;
  const toasts = new ToastState();
  const chat = new ChatState(socket, myId);
  const notifications = new NotificationsState(socket);
  const attention = new AttentionState(socket, router, chat, toasts, myId);
  cleanup.push(() => {
    attention.destroy();
    notifications.destroy();
    chat.destroy();
    socket.close();
    for (const t of toasts.items) toasts.dismiss(t.id);
  });
  socket.connect();
  return { socket, chat, notifications, attention, toasts };
}

/** Another socket of the same person or someone else: a device that sends chat messages. */
async function device(client: Session) {
  const ws = new WebSocket(wsUrl(), {
    headers: { cookie: client.cookie, origin: forumServer.server.url },
  });
  cleanup.push(() => ws.terminate());
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let n = 0;
  return (to: number, body: string) =>
    ws.send(JSON.stringify({ type: 'chat.send', payload: { to, body, clientId: `d${++n}` } }));
}

describe('AttentionState and my own messages', () => {
  it.each([
    ['a toast, with the page in front', true],
    ['an OS notification, with the window in the background', false],
  ])('alerts with %s for a message from someone else, never for mine', async (_what, active) => {
    const a = await signup();
    const b = await signup();
    stubPage(active);
    const { notified } = stubDesktop();
    sameOriginFetch(a.client);
    const w = signedInWindow(a.client, a.user.id);
    const arrived: string[] = [];
    w.socket.on('chat.message', (e) => arrived.push(e.payload.body));
    await w.socket.ready;
    await w.chat.loadRoster();

    // Mine: sent from this window, and from another device of mine.
    w.chat.send(b.user.id, 'from this window');
    const myPhone = await device(a.client);
    myPhone(b.user.id, 'from my phone');
    await until(() => arrived.length === 2, 'both of my messages');
    // Theirs, after mine: when it has alerted, mine have long been handled.
    const theirs = await device(b.client);
    theirs(a.user.id, 'from b');
    await until(() => arrived.length === 3, 'b’s message');

    const alerts = active
      ? w.toasts.items.map((t) => ({ title: t.title, body: t.text }))
      : notified.map((n) => ({ title: n.title, body: n.body }));
    expect(alerts).toEqual([{ title: b.user.nickname, body: 'from b' }]);
    expect(active ? notified : w.toasts.items).toEqual([]);
  });
});

describe('the unread dot and count', () => {
  it('clear when the server’s notification count becomes 0 (read on another device)', async () => {
    const a = await signup();
    const b = await signup();
    const page = stubPage(true);
    const { badge } = stubDesktop();
    sameOriginFetch(a.client);
    const w = signedInWindow(a.client, a.user.id);
    // Shell.svelte's mirror of the count to the title and the badge.
    const mirror = () => {
      const total = w.notifications.unread + w.chat.unreadTotal;
      w.attention.setUnread(total, badgeTitle('Forum', total));
    };
    w.socket.on('unread', () => queueMicrotask(mirror));
    await w.socket.ready;

    const categories = (await a.client.request<{ id: number }[]>('GET', '/api/categories')).json;
    const post = (
      await a.client.request<Post>('POST', '/api/posts', {
        title: 'Mine',
        body: 'Comment, please',
        categoryIds: [categories[0]!.id],
      })
    ).json;
    for (const body of ['first', 'second']) {
      const res = await b.client.request('POST', `/api/posts/${post.id}/comments`, { body });
      expect(res.status).toBe(201);
    }
    await until(() => w.notifications.unread === 2, 'two unread notifications');
    await w.notifications.load();
    expect(w.notifications.items.filter((n) => !n.read)).toHaveLength(2);
    await until(() => page.title === '(2) Forum', 'the title’s count');
    expect(badge.at(-1)).toBe(2);

    // Read on another device: this window only hears the new count.
    const otherDevice = await signIn('/api/auth/login', {
      login: a.user.nickname,
      password: PASSWORD,
    });
    const read = await otherDevice.request('POST', '/api/notifications/read', { all: true });
    expect(read.status).toBe(204);
    await until(() => w.notifications.unread === 0, 'the count to drop to 0');
    expect(w.notifications.items.filter((n) => !n.read)).toEqual([]);
    await until(() => page.title === 'Forum', 'the title without a count');
    expect(badge.at(-1)).toBe(0);
  });
});
