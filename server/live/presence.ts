import type { LiveTuning } from '../config/server-config';
import { serverFrame } from '../events/server-frame';
import type { Logger } from '../logging/logger';
import type { ChatService } from '../services/chat.service';
import type { Connection } from './connection';
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
  tuning: Pick<LiveTuning, 'presenceBroadcastMax' | 'presenceBatchMs'>;
  log: Logger;
  audience: PresenceAudience;
}

/**
 * `presence {userId, online}` on a user's first socket up and last socket down, gathered for
 * `presenceBatchMs` (one frame per change, built once for every recipient), and the
 * `presence.snapshot` each new socket gets.
 */
export class Presence {
  /** Above `presenceBroadcastMax` online, presence goes to contacts only (see flush). */
  private contactsOnly = false;
  /** Changes waiting for the next batch: userId → online (net of this batch). */
  private readonly pending = new Map<number, boolean>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly deps: PresenceDeps) {}

  /** True while presence goes to chat contacts only (more than presenceBroadcastMax online). */
  get toContactsOnly(): boolean {
    return this.contactsOnly;
  }

  /** A user's first socket opened or last socket closed. A change undone within the batch
   * (a quick reconnect) is not sent. */
  changed(userId: number, online: boolean): void {
    const pending = this.pending.get(userId);
    if (pending === undefined) this.pending.set(userId, online);
    else if (pending !== online) this.pending.delete(userId); // back where it was
    if (this.timer === null && !this.closed) {
      this.timer = setTimeout(() => this.flush(), this.deps.tuning.presenceBatchMs);
      this.timer.unref();
    }
  }

  /** Everyone online, or (contacts-only mode) `userId`'s online contacts. */
  snapshotFrame(userId: number | null): Buffer {
    const { audience } = this.deps;
    const online =
      this.contactsOnly && userId !== null
        ? this.deps.chat.contacts(userId).filter((id) => audience.isOnline(id))
        : [...audience.onlineUsers()];
    return textFrame(serverFrame('presence.snapshot', { online }));
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
      this.pending.clear();
      const frame = this.snapshotFrame(null);
      for (const conn of audience.all()) audience.enqueue(conn, frame);
      return;
    }
    for (const [userId, online] of this.pending) {
      const frame = textFrame(serverFrame('presence', { userId, online }));
      if (!this.contactsOnly) {
        for (const conn of audience.all())
          if (conn.userId !== userId) audience.enqueue(conn, frame);
      } else {
        for (const contact of this.deps.chat.contacts(userId)) audience.sendToUser(contact, frame);
      }
    }
    this.pending.clear();
  }
}
