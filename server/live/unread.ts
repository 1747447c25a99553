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

const NOTHING_UNREAD = textFrame(serverFrame('unread', { notifications: 0, chats: {} }));

const isNothingUnread = (c: UnreadCounts): boolean =>
  c.notifications === 0 &&
  c.notificationGroups === undefined &&
  c.conversations === undefined &&
  isEmpty(c.chats);

function isEmpty(record: Record<string, number>): boolean {
  for (const _ in record) return false;
  return true;
}

/** (rooms) Messages stored in one conversation, for the same members, not yet counted. */
interface RoomBatch {
  key: string;
  members: readonly number[];
  /** Each message's `roomSeq`, in order. */
  seqs: number[];
  /** Messages per sender (a sender's own messages are not unread to them). */
  bySender: Map<number, number>;
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
   * (rooms) Group and room messages stored since the last room push, counted into their
   * members' counts and pushed at most every ROOM_UNREAD_EVERY_MS, not every tick, so a busy
   * room does not double its members' frames (the messages themselves still arrive at once).
   * A message only joins a batch here (no work per member: a room of 10,000 costs its
   * message nothing more); the push visits each batch's members once.
   */
  private roomBatches: RoomBatch[] = [];
  /** The batch each conversation's next message joins (while its members stay the same). */
  private readonly roomBatchOf = new Map<number, RoomBatch>();
  /** Numbers the group and room messages stored, in order. */
  private roomSeq = 0;
  /** The `roomSeq` at each online user's last `load`: their counts include what came before. */
  private readonly loadedAtSeq = new Map<number, number>();
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
      this.loadedAtSeq.set(userId, this.roomSeq);
    }
  }

  /** The user's last socket closed. */
  forget(userId: number): void {
    this.counts.delete(userId);
    this.loadedAtSeq.delete(userId);
    this.stale.delete(userId);
    this.toPush.delete(userId);
  }

  frame(userId: number): Buffer {
    const counts = this.counts.get(userId);
    // Nothing unread (most of a reconnect storm's greetings): one frame shared by all.
    if (counts === undefined || isNothingUnread(counts)) return NOTHING_UNREAD;
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
    const seq = ++this.roomSeq;
    let batch = this.roomBatchOf.get(conversationId);
    // A membership change gives a new members array (the audience cache's is shared): the
    // messages after it count for the new members only, as they were delivered.
    if (batch === undefined || batch.members !== members) {
      batch = { key: String(conversationId), members, seqs: [], bySender: new Map() };
      this.roomBatchOf.set(conversationId, batch);
      this.roomBatches.push(batch);
    }
    batch.seqs.push(seq);
    batch.bySender.set(from, (batch.bySender.get(from) ?? 0) + 1);
    if (this.roomTimer === null) {
      this.roomTimer = setTimeout(() => {
        this.roomTimer = null;
        this.countRoomBatches();
        this.deps.requestTick();
      }, ROOM_UNREAD_EVERY_MS);
      this.roomTimer.unref();
    }
  }

  /**
   * Adds each batch's messages to its online members' counts (a member's own messages aside,
   * and those stored before the member's counts were last loaded: the load counted them).
   */
  private countRoomBatches(): void {
    const batches = this.roomBatches;
    this.roomBatches = [];
    this.roomBatchOf.clear();
    for (const { key, members, seqs, bySender } of batches) {
      const first = seqs[0]!;
      for (const userId of members) {
        const counts = this.counts.get(userId);
        if (!counts) continue;
        const loadedAt = this.loadedAtSeq.get(userId) ?? 0;
        let n: number;
        if (loadedAt < first) {
          n = seqs.length - (bySender.get(userId) ?? 0);
        } else {
          // Loaded while the batch filled (rare): only what came after, which cannot tell
          // its own messages apart, so the user's counts are reloaded instead.
          if (loadedAt < seqs[seqs.length - 1]! && bySender.has(userId)) {
            this.stale.add(userId);
            continue;
          }
          n = 0;
          for (const seq of seqs) if (seq > loadedAt) n++;
        }
        if (n === 0) continue;
        const conversations = (counts.conversations ??= {});
        conversations[key] = (conversations[key] ?? 0) + n;
        this.toPush.add(userId);
      }
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
