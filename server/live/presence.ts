import { performance } from 'node:perf_hooks';
import type { LiveTuning } from '../config/server-config';
import { serverFrame } from '../events/server-frame';
import type { Logger } from '../logging/logger';
import type { ChatService } from '../services/chat.service';
import type { Connection } from './connection';
import { broadcastJoined, type PendingChange } from './presence-joined';
import { textFrame } from './transport/transport';

/** Who is online and how to reach them (the hub). */
export interface PresenceAudience {
  readonly onlineCount: number;
  onlineUsers(): Iterable<number>;
  isOnline(userId: number): boolean;
  all(): Iterable<Connection>;
  enqueue(conn: Connection, frame: Buffer): void;
  sendToUser(userId: number, frame: Buffer): void;
}

export interface PresenceDeps {
  chat: Pick<ChatService, 'contacts'>;
  /** Many users' contacts in one query (`store/contacts.store.ts`): the sockets greeted together. */
  contactsMany?: (userIds: readonly number[]) => Map<number, number[]>;
  tuning: Pick<LiveTuning, 'presenceBroadcastMax' | 'presenceBatchMs' | 'presenceBatchMaxMs'>;
  log: Logger;
  audience: PresenceAudience;
  /**
   * The transport writes whatever bytes it is given (not `live.plainTransport`, which needs
   * one frame per buffer): a batch's frames then go to each socket as one joined buffer.
   */
  joinFrames?: boolean;
}

/** A change undone within the batch: between `from` and `to` the user was `!online`. */
interface CancelledChange {
  userId: number;
  online: boolean;
  from: number;
  to: number;
}

/**
 * `presence {userId, online}` on a user's first socket up and last socket down, gathered for
 * `presenceBatchMs` (one frame per change, built once for every recipient), and the
 * `presence.snapshot` each new socket gets.
 *
 * A change undone within the batch (a quick reconnect) is not sent to everyone. But a socket
 * greeted while it was in effect got a snapshot showing it: that socket alone gets the state
 * as it is now, at the flush (otherwise it would show someone online who left).
 */
export class Presence {
  /** Above `presenceBroadcastMax` online, presence goes to contacts only (see flush). */
  private contactsOnly = false;
  /** Changes waiting for the next batch: userId → the change (net of this batch). */
  private readonly pending = new Map<number, PendingChange>();
  /** Changes undone within this batch, in order. */
  private cancelled: CancelledChange[] = [];
  /** Sockets greeted with a snapshot during this batch, in order, with when (`seq`). */
  private greeted: { conn: Connection; at: number }[] = [];
  /** Orders changes and snapshots within a batch. */
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The current batch window: presenceBatchMs, doubled while batches follow back to back. */
  private windowMs: number;
  private lastFlushAt = -Infinity;
  /**
   * The snapshot of everyone online, until someone arrives or leaves (`changed`) or the mode
   * changes: the sockets greeted in one tick (a reconnect storm's hundreds) share one frame.
   */
  private everyoneFrame: Buffer | null = null;
  /** Chat contacts looked up during this batch (the snapshot and the flush ask alike). */
  private readonly contactsCache = new Map<number, readonly number[]>();

  constructor(private readonly deps: PresenceDeps) {
    this.windowMs = deps.tuning.presenceBatchMs;
  }

  /** True while presence goes to chat contacts only (more than presenceBroadcastMax online). */
  get toContactsOnly(): boolean {
    return this.contactsOnly;
  }

  /** A user's first socket opened or last socket closed. A change undone within the batch
   * (a quick reconnect) is not sent. */
  changed(userId: number, online: boolean): void {
    const at = ++this.seq;
    this.everyoneFrame = null;
    const pending = this.pending.get(userId);
    if (pending === undefined) this.pending.set(userId, { online, at });
    else if (pending.online !== online) {
      // Back where it was: nobody is told, except sockets greeted meanwhile (see flush).
      this.pending.delete(userId);
      this.cancelled.push({ userId, online, from: pending.at, to: at });
    }
    if (this.timer === null && !this.closed) {
      // A storm (everyone reconnecting after a restart) makes each batch cost a write to every
      // socket: while batches follow back to back, the window doubles (up to
      // presenceBatchMaxMs), so the storm costs a few writes per socket, not one per 50 ms.
      const { presenceBatchMs, presenceBatchMaxMs } = this.deps.tuning;
      const now = performance.now();
      this.windowMs =
        now - this.lastFlushAt < this.windowMs
          ? Math.min(Math.max(presenceBatchMs, presenceBatchMaxMs), this.windowMs * 2)
          : presenceBatchMs;
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  /**
   * Before greeting many sockets at once (a reconnect storm): while presence goes to contacts
   * only, their users' contacts are looked up in one query for all of them, for their
   * snapshots now and their arrivals' `presence` at the flush (kept until the batch goes out).
   */
  preloadContacts(userIds: Iterable<number>): void {
    const { contactsMany } = this.deps;
    if (!this.contactsOnly || contactsMany === undefined) return;
    const missing: number[] = [];
    for (const id of userIds) if (!this.contactsCache.has(id)) missing.push(id);
    if (missing.length < 2) return;
    for (const [id, contacts] of contactsMany(missing)) this.contactsCache.set(id, contacts);
  }

  /** `preloadContacts` for the batch's changed users; on failure each asks alone (contactsOf). */
  private preloadBatch(): void {
    try {
      this.preloadContacts(this.pending.keys());
    } catch (err) {
      this.deps.log.error('contacts failed for a presence batch', {
        count: this.pending.size,
        err,
      });
    }
  }

  /** The snapshot a new socket gets (snapshotFrame), remembered until the batch goes out. */
  snapshotFor(conn: Connection): Buffer {
    // Without a batch open, no change is in effect that could later be undone unseen.
    if (this.timer !== null) this.greeted.push({ conn, at: ++this.seq });
    return this.snapshotFrame(conn.userId);
  }

  /** Everyone online, or (contacts-only mode) `userId`'s online contacts. */
  snapshotFrame(userId: number | null): Buffer {
    const { audience } = this.deps;
    if (this.contactsOnly && userId !== null) {
      const online = this.contactsOf(userId).filter((id) => audience.isOnline(id));
      return textFrame(serverFrame('presence.snapshot', { online }));
    }
    return (this.everyoneFrame ??= textFrame(
      serverFrame('presence.snapshot', { online: [...audience.onlineUsers()] }),
    ));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Sends the batch: to everyone while at most `presenceBroadcastMax` people are online;
   * above that, each change to the user's chat contacts only, because telling N people about
   * each of N people is N² frames (10,000 arrivals would be 100 million). Dropping back to
   * 90% of the limit sends everyone a fresh snapshot, so nobody keeps stale dots.
   */
  private flush(): void {
    this.timer = null;
    this.lastFlushAt = performance.now();
    if (this.closed) return;
    const { audience, tuning, log } = this.deps;
    const max = tuning.presenceBroadcastMax;
    const count = audience.onlineCount;
    if (!this.contactsOnly && count > max) {
      this.contactsOnly = true;
      log.info('many people online: presence now goes to chat contacts only', { count });
    } else if (this.contactsOnly && count <= Math.floor(max * 0.9)) {
      this.contactsOnly = false;
      log.info('presence goes to everyone again', { count });
      this.endBatch();
      const frame = this.snapshotFrame(null);
      for (const conn of audience.all()) audience.enqueue(conn, frame);
      return;
    }
    // Each arrival's `presence` goes to its contacts: theirs in one query for the whole
    // batch. (Those greeted in contacts-only mode were loaded for their snapshots; not those
    // of the batch that switches the mode, greeted while presence still went to everyone.)
    if (this.contactsOnly) this.preloadBatch();
    if (!this.contactsOnly && this.deps.joinFrames === true && this.pending.size > 1) {
      broadcastJoined(this.pending, audience);
    } else {
      for (const [userId, { online }] of this.pending) {
        // Above the limit many arrivals have no chat contacts at all: no frame to build for them.
        const contacts = this.contactsOnly ? this.contactsOf(userId) : null;
        if (contacts?.length === 0) continue;
        const frame = textFrame(serverFrame('presence', { userId, online }));
        if (contacts === null) {
          for (const conn of audience.all())
            if (conn.userId !== userId) audience.enqueue(conn, frame);
        } else {
          for (const contact of contacts) audience.sendToUser(contact, frame);
        }
      }
    }
    this.correctGreeted();
    this.endBatch();
  }

  /**
   * Sockets greeted while a change later undone was in effect: their snapshot showed it, so
   * each gets the state as it is now. (A user with a change pending again is told with
   * everyone.) The greeted list is in `seq` order: a binary search finds each range.
   */
  private correctGreeted(): void {
    const { greeted, cancelled } = this;
    if (greeted.length === 0) return;
    for (const c of cancelled) {
      if (this.pending.has(c.userId)) continue;
      let i = firstAfter(greeted, c.from);
      if (i >= greeted.length || greeted[i]!.at > c.to) continue;
      const contacts = this.contactsOnly ? new Set(this.contactsOf(c.userId)) : null;
      const frame = textFrame(serverFrame('presence', { userId: c.userId, online: c.online }));
      for (; i < greeted.length && greeted[i]!.at < c.to; i++) {
        const { conn } = greeted[i]!;
        if (conn.closed || conn.userId === c.userId) continue;
        if (contacts && !contacts.has(conn.userId)) continue;
        this.deps.audience.enqueue(conn, frame);
      }
    }
  }

  /**
   * Chat contacts, remembered until the batch goes out: an arrival's snapshot and its
   * `presence` to its contacts ask the same. (A conversation started meanwhile shows at the
   * next batch.)
   */
  private contactsOf(userId: number): readonly number[] {
    let found = this.contactsCache.get(userId);
    if (found === undefined)
      this.contactsCache.set(userId, (found = this.deps.chat.contacts(userId)));
    return found;
  }

  private endBatch(): void {
    this.contactsCache.clear();
    this.pending.clear();
    this.cancelled = [];
    this.greeted = [];
  }
}

/** The index of the first entry with `at` > `seq` (entries sorted by `at`). */
function firstAfter(entries: readonly { at: number }[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.at <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
