import type { UnreadCounts } from '../../common/api';
import { serverFrame } from '../events/server-frame';
import type { Logger } from '../logging/logger';
import type { NotificationsService } from '../services/notifications.service';
import type { UnreadStore } from '../store/unread.store';
import { textFrame } from './transport/transport';

/** (rooms) How often a busy room's members get fresh `unread` counts. */
const ROOM_UNREAD_EVERY_MS = 250;

export interface UnreadDeps {
  notifications: Pick<NotificationsService, 'unreadCount' | 'unreadGroupCount'>;
  /** Many users' counts in one query each (the sockets greeted in one tick). */
  many: Pick<UnreadStore, 'counts'>;
  log: Logger;
  isOnline(userId: number): boolean;
  sendToUser(userId: number, frame: Buffer): void;
  requestTick(): void;
}

/**
 * Unread counts of the users online, kept in step with the database: loaded when a user's
 * first socket opens, bumped for each chat message stored for them (no query), reloaded
 * after anything else changes them (reads, notifications). Changes go out in the tick's
 * `push` stage, after the group commit and before the flush, so a count follows its cause
 * and each user gets one `unread` per tick however many causes it had.
 */
export class UnreadTracker {
  private readonly counts = new Map<number, UnreadCounts>();
  /** Reload from the database at the next tick. */
  private readonly stale = new Set<number>();
  /** Send the (current) counts at the next tick. */
  private readonly toPush = new Set<number>();
  /**
   * (rooms) Users whose counts a group or room message bumped: pushed at most every
   * ROOM_UNREAD_EVERY_MS, not every tick, so a busy room does not double its members' frames
   * (the messages themselves still arrive at once).
   */
  private readonly roomBumped = new Set<number>();
  private roomTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: UnreadDeps) {}

  /** Whether the counts in memory wait for a reload (a change while the user was online). */
  isStale(userId: number): boolean {
    return this.stale.has(userId);
  }

  /** Whether the counts in memory can be sent as they are (loaded, and not stale). */
  isCurrent(userId: number): boolean {
    return this.counts.has(userId) && !this.stale.has(userId);
  }

  /**
   * Loads the counts of these users (each one's unread private messages per person, per
   * group or room, and unread notifications), in one query for all of them (plus the bell's rows for
   * those with unread notifications, as `load` does): a reconnect storm greets hundreds of
   * sockets per tick, and a notification fan-out makes many online users' counts stale.
   */
  loadMany(userIds: readonly number[]): void {
    if (userIds.length === 0) return;
    const { many, notifications } = this.deps;
    const chats = new Map<number, Record<string, number>>();
    const conversations = new Map<number, Record<string, number>>();
    const unreadNotifications = new Map<number, number>();
    for (const r of many.counts(userIds)) {
      if (r.kind === 'notifications') unreadNotifications.set(r.me, r.n);
      else if (r.kind === 'direct' && r.user_lo !== null && r.user_hi !== null) {
        let own = chats.get(r.me);
        if (own === undefined) chats.set(r.me, (own = {}));
        own[String(r.user_lo === r.me ? r.user_hi : r.user_lo)] = r.n;
      } else {
        let own = conversations.get(r.me);
        if (own === undefined) conversations.set(r.me, (own = {}));
        own[String(r.id)] = r.n;
      }
    }
    for (const userId of userIds) {
      const n = unreadNotifications.get(userId) ?? 0;
      const groups = n > 0 ? notifications.unreadGroupCount(userId) : 0;
      const rooms = conversations.get(userId);
      // The bell's rows only while some are unread (none: the field left out), and rooms only
      // when some group or room has unread messages (the fields are optional).
      this.counts.set(userId, {
        notifications: n,
        ...(groups > 0 ? { notificationGroups: groups } : {}),
        chats: chats.get(userId) ?? {},
        ...(rooms !== undefined ? { conversations: rooms } : {}),
      });
      this.stale.delete(userId);
    }
  }

  /** The user's last socket closed. */
  forget(userId: number): void {
    this.counts.delete(userId);
    this.stale.delete(userId);
    this.toPush.delete(userId);
  }

  frame(userId: number): Buffer {
    const counts = this.counts.get(userId) ?? { notifications: 0, chats: {} };
    return textFrame(serverFrame('unread', counts));
  }

  /** These users' counts changed: each online one gets one fresh `unread` this tick. */
  changed(userIds: readonly number[]): void {
    for (const id of userIds) if (this.deps.isOnline(id)) this.stale.add(id);
    if (this.stale.size > 0) this.deps.requestTick();
  }

  /** A chat message from `from` to `to` was committed: one more unread for `to`. */
  messageStored(to: number, from: number): void {
    const counts = this.counts.get(to);
    if (!counts) return;
    const key = String(from);
    counts.chats[key] = (counts.chats[key] ?? 0) + 1;
    this.toPush.add(to);
    this.deps.requestTick();
  }

  /**
   * (rooms) A message was committed in group or room `conversationId`: one more unread for
   * each of `members` online (the sender aside). Memory only: nothing is written per member.
   */
  conversationMessageStored(
    conversationId: number,
    members: readonly number[],
    from: number,
  ): void {
    const key = String(conversationId);
    for (const userId of members) {
      if (userId === from) continue;
      const counts = this.counts.get(userId);
      if (!counts) continue;
      const conversations = (counts.conversations ??= {});
      conversations[key] = (conversations[key] ?? 0) + 1;
      this.roomBumped.add(userId);
    }
    if (this.roomBumped.size > 0 && this.roomTimer === null) {
      this.roomTimer = setTimeout(() => {
        this.roomTimer = null;
        for (const userId of this.roomBumped) this.toPush.add(userId);
        this.roomBumped.clear();
        this.deps.requestTick();
      }, ROOM_UNREAD_EVERY_MS);
      this.roomTimer.unref();
    }
  }

  /** Stops the room-unread timer (the hub is closing). */
  close(): void {
    if (this.roomTimer !== null) clearTimeout(this.roomTimer);
    this.roomTimer = null;
  }

  /** The tick stage: reloads what is stale, then queues one `unread` per changed user. */
  push(): void {
    const { isOnline, sendToUser, log } = this.deps;
    if (this.stale.size > 0) {
      const stale = [...this.stale];
      this.stale.clear();
      try {
        this.loadMany(stale.filter(isOnline));
        for (const userId of stale) this.toPush.add(userId);
      } catch (err) {
        log.error('unread counts failed', { count: stale.length, err });
      }
    }
    for (const userId of this.toPush) {
      if (isOnline(userId)) sendToUser(userId, this.frame(userId));
    }
    this.toPush.clear();
  }
}
