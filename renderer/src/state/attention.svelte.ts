/**
 * Alerts outside the page: OS notifications (desktop bridge or Web Notifications), the window
 * title "(3) Hearth" and the desktop unread badge. Counts come from the server's `unread` events.
 */
import type { ChatMessage, Notification as ForumNotification } from '@common/api';
import type { ConversationSummary } from '@common/conversations';
import { findMentions } from '@common/mentions';
import { chooseAlert, messageAlert } from '../lib/alert-policy';
import { excerpt } from '../lib/linkify';
import { markdownToPlain } from '../lib/markdown/plain-text';
import { notificationRoute, notificationTitle } from '../lib/notification-target';
import { conversationLabel } from '../lib/typing-names';
import { chatHref, roomHref, routeHref } from '../lib/routes';
import type { SocketClient } from '../lib/socket';
import type { ChatState } from './chat.svelte';
import type { RouterState } from './router.svelte';
import type { ToastState } from './toasts.svelte';

const OPT_IN_KEY = 'hearth.webNotifications';

/** (rooms) My groups and rooms, with my level and mute in each (RoomsState). */
export interface RoomLevels {
  byId(id: number): ConversationSummary | undefined;
}

export class AttentionState {
  /** Web Notifications can be offered: a browser (not the app) in a secure context. */
  readonly webSupported =
    typeof window.desktop === 'undefined' && 'Notification' in window && window.isSecureContext;
  /**
   * A browser that has Web Notifications but withholds them because the forum is plain http
   * on a LAN address (only https and localhost are secure contexts): worth saying why.
   */
  readonly webBlockedByHttp =
    typeof window.desktop === 'undefined' && 'Notification' in window && !window.isSecureContext;
  webEnabled = $state(false);
  #off: (() => void)[] = [];

  constructor(
    socket: SocketClient,
    private readonly router: RouterState,
    private readonly chat: ChatState,
    private readonly toasts: ToastState,
    private readonly myId: number,
    /** (rooms) Absent: group and room messages never alert (only their mentions do). */
    private readonly rooms?: RoomLevels,
    /** My nickname, to tell a message that mentions me. */
    private readonly myNickname?: string,
  ) {
    this.webEnabled =
      this.webSupported &&
      Notification.permission === 'granted' &&
      localStorage.getItem(OPT_IN_KEY) === 'on';
    this.#off.push(
      socket.on('notification', (e) => this.#onNotification(e.payload)),
      socket.on('chat.message', (e) => this.#onMessage(e.payload)),
    );
    if (window.desktop) this.#off.push(window.desktop.onNavigate((route) => this.router.go(route)));
    // The app shows here what the OS would not (macOS refuses notifications from an unsigned app).
    const onToast = window.desktop?.onToast;
    if (onToast) {
      this.#off.push(
        onToast((t) => {
          const route = t.route;
          const open = route ? { label: 'Open', run: () => this.router.go(route) } : undefined;
          this.toasts.info(t.body, t.title, open, t.tag);
        }),
      );
    }
  }

  async enableWeb(): Promise<void> {
    if (!this.webSupported) return;
    const permission = await Notification.requestPermission();
    this.webEnabled = permission === 'granted';
    if (this.webEnabled) localStorage.setItem(OPT_IN_KEY, 'on');
    else this.toasts.info('Notifications are blocked for this site in your browser settings.');
  }

  disableWeb(): void {
    this.webEnabled = false;
    localStorage.removeItem(OPT_IN_KEY);
  }

  /** Mirror the server's count to the tab title and the desktop badge. */
  setUnread(total: number, title: string): void {
    document.title = title;
    window.desktop?.setUnreadCount(total);
  }

  destroy(): void {
    for (const off of this.#off) off();
  }

  #onNotification(n: ForumNotification): void {
    if (n.read) return;
    const route = notificationRoute(n) ?? '#/notifications';
    this.#alert({
      title: notificationTitle(n),
      body: n.text,
      route,
      tag: `post-${n.postId ?? n.id}`,
    });
  }

  #onMessage(m: ChatMessage): void {
    if (m.conversationId !== undefined) {
      this.#onRoomMessage(m, m.conversationId);
      return;
    }
    const decision = messageAlert({
      kind: 'direct',
      fromMe: m.from === this.myId,
      muted: false,
      mentionsMe: false,
    });
    if (decision !== 'alert') return;
    const nickname = this.chat.byId(m.from)?.nickname ?? 'New message';
    this.#alert({
      title: nickname,
      body: excerpt(markdownToPlain(m.body), 140),
      route: chatHref(nickname),
      tag: `chat-${m.from}`,
    });
  }

  /**
   * (rooms) A group's or room's message, by its level (lib/alert-policy.ts `messageAlert`):
   * one that mentions me is alerted by its `mention` notification instead (#onNotification).
   */
  #onRoomMessage(m: ChatMessage, conversationId: number): void {
    const c = this.rooms?.byId(conversationId);
    if (!c) return;
    const me = this.myNickname?.toLowerCase();
    const decision = messageAlert({
      kind: c.kind,
      fromMe: m.from === this.myId,
      notify: c.notify,
      muted: c.muted,
      mentionsMe: me !== undefined && findMentions(m.body).includes(me),
    });
    if (decision !== 'alert') return;
    const sender = this.chat.byId(m.from)?.nickname;
    const text = excerpt(markdownToPlain(m.body), 140);
    this.#alert({
      title: conversationLabel(c),
      body: sender ? `${sender}: ${text}` : text,
      route: roomHref(conversationId),
      tag: `room-${conversationId}`,
    });
  }

  #alert(a: { title: string; body: string; route: string; tag: string }): void {
    const channel = chooseAlert({
      pageActive: document.visibilityState === 'visible' && document.hasFocus(),
      eventRoute: a.route,
      visibleRoute: routeHref(this.router.current),
      hasDesktopBridge: window.desktop !== undefined,
      webNotificationsEnabled: this.webEnabled,
    });
    switch (channel) {
      case 'none':
        return;
      case 'toast':
        this.toasts.info(
          a.body,
          a.title,
          { label: 'Open', run: () => this.router.go(a.route) },
          a.tag,
        );
        return;
      case 'desktop':
        window.desktop?.notify({ title: a.title, body: a.body, route: a.route, tag: a.tag });
        return;
      case 'web': {
        const n = new Notification(a.title, { body: a.body, tag: a.tag });
        n.onclick = () => {
          window.focus();
          this.router.go(a.route);
          n.close();
        };
        return;
      }
    }
  }
}
