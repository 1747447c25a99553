/**
 * The notifications panel: the list (paged, live) and the unread count, which only ever comes
 * from the server's `unread` events so every device shows the same number.
 */
import type { Notification } from '@common/api';
import { api, errorMessage } from '../lib/api';
import { appendNew, prependNew } from '../lib/merge';
import type { SocketClient } from '../lib/socket';
import { NotificationGroupsState } from './notification-groups.svelte';

export class NotificationsState {
  items = $state<Notification[]>([]);
  nextBefore = $state<number | null>(null);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Server-counted: unread notifications. */
  unread = $state(0);
  /**
   * (issue 13) What the bell shows: the unread ROWS of the grouped list (server-counted, one
   * per post and kind), so the number is what the panel shows as unread.
   */
  unreadRows = $state(0);
  /** The panel's rows: grouped per post and kind (issue 13). */
  readonly groups: NotificationGroupsState;
  #off: (() => void)[] = [];
  #arrivedWhileLoading: Notification[] | null = null;

  constructor(socket: SocketClient) {
    this.groups = new NotificationGroupsState(socket);
    this.#off.push(
      socket.on('notification', (e) => {
        this.#arrivedWhileLoading?.push(e.payload);
        if (!this.items.some((n) => n.id === e.payload.id)) this.items = [e.payload, ...this.items];
      }),
      socket.on('unread', (e) => {
        this.unread = e.payload.notifications;
        this.unreadRows = e.payload.notificationGroups ?? 0;
        // Read elsewhere (another tab or device): with none unread, no dot may stay.
        if (this.unread === 0) for (const n of this.items) if (!n.read) n.read = true;
      }),
      socket.on('resync', () => void this.load()),
      // Read on another device (a post opened there, or marks): the same rows here.
      socket.on('notifications.read', (e) => {
        const { postId, ids, all } = e.payload;
        for (const n of this.items) {
          if (all || (postId !== undefined && n.postId === postId) || ids?.includes(n.id)) {
            n.read = true;
          }
        }
      }),
      // A deleted post or comment takes its notifications along (the server's `unread` follows).
      socket.on('post.deleted', (e) => {
        this.items = this.items.filter((n) => n.postId !== e.payload.id);
      }),
      socket.on('comment.deleted', (e) => {
        this.items = this.items.filter((n) => n.commentId !== e.payload.id);
      }),
    );
  }

  /**
   * The newest page. Notifications that arrive live while it is on its way stay on top: the
   * page may have been read before they were committed, and their event land before it.
   */
  async load(): Promise<void> {
    void this.groups.load();
    this.loading = true;
    this.error = null;
    const arrived: Notification[] = [];
    this.#arrivedWhileLoading = arrived;
    try {
      const page = await api.notifications({ limit: 30 });
      const newest = page.items[0]?.id ?? 0;
      this.items = prependNew(page.items, arrived.filter((n) => n.id > newest).reverse());
      this.nextBefore = page.nextBefore;
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
      if (this.#arrivedWhileLoading === arrived) this.#arrivedWhileLoading = null;
    }
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.nextBefore === null) return;
    this.loading = true;
    try {
      const page = await api.notifications({ before: this.nextBefore, limit: 30 });
      this.items = appendNew(this.items, page.items);
      this.nextBefore = page.nextBefore;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** Marks read on the server; the new count arrives as an `unread` event. */
  async markRead(ids: number[]): Promise<void> {
    const unread = ids.filter((id) => this.items.find((n) => n.id === id)?.read === false);
    if (unread.length === 0) return;
    await api.markNotificationsRead({ ids: unread });
    for (const n of this.items) if (unread.includes(n.id)) n.read = true;
  }

  async markAllRead(): Promise<void> {
    await api.markNotificationsRead({ all: true });
    for (const n of this.items) n.read = true;
    this.groups.items = this.groups.items.map((g) => ({ ...g, unread: 0 }));
  }

  destroy(): void {
    this.groups.destroy();
    for (const off of this.#off) off();
  }
}
