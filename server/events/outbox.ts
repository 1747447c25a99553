import type Database from 'better-sqlite3';
import type { Notification } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { Logger } from '../logging/logger';
import { WriteTx } from '../store/write-tx';
import type { DurableEvent, EventLog, FanOutEvent } from './event-log';
import type { DurableServerEventType, PayloadOf } from './server-frame';

export type SessionEndReason = 'logout' | 'expired' | 'replaced';

/** A session that is gone: its sockets close with 4401 (WS_CLOSE.SESSION_ENDED). */
export interface SessionEnd {
  userId: number;
  sessionId: number;
  reason: SessionEndReason;
}

/**
 * What one write transaction committed, for the publisher to fan out. Everything here is
 * stored already; a listener only tells others about it. Plain data (the events carry their
 * JSON), so a cross-process bus can carry it as it is (server/README.md, "The outbox").
 */
export interface Committed {
  /** The event-log rows written, in commit order, each serialized once. */
  readonly events: readonly DurableEvent[];
  /**
   * `notification` events written in bulk (a new post's followers, maybe thousands and
   * mostly offline): delivered only to users connected now; the rest read them from the log.
   */
  readonly fanOut: readonly FanOutEvent[];
  /** Users whose unread counts changed besides the `notification` events' own (a read mark). */
  readonly unreadChanged: readonly number[];
  readonly sessionsEnded: readonly SessionEnd[];
}

export const NOTHING_COMMITTED: Committed = {
  events: [],
  fanOut: [],
  unreadChanged: [],
  sessionsEnded: [],
};

/** A Committed with only some parts (for effects that need no transaction of their own). */
export const committed = (part: Partial<Committed>): Committed => ({
  ...NOTHING_COMMITTED,
  ...part,
});

const isEmpty = (c: Committed): boolean =>
  c.events.length === 0 &&
  c.fanOut.length === 0 &&
  c.unreadChanged.length === 0 &&
  c.sessionsEnded.length === 0;

/** Whether the feed (posts and their comment counts) changed: the feed cache drops its pages. */
export const changesFeed = (c: Committed): boolean =>
  c.events.some(
    (e) =>
      e.type === 'post.created' ||
      e.type === 'comment.created' ||
      // Feed items name their categories.
      e.type === 'category.updated' ||
      e.type === 'category.deleted',
  );

/**
 * One open write transaction: the `WriteTx` that store writes require, and the outbox that
 * collects what it commits. Its event-log rows commit or roll back with the data they
 * describe; the rest (unread counts, ended sessions) is published only if it commits.
 */
export class Transaction extends WriteTx {
  private readonly events: DurableEvent[] = [];
  private readonly fanOut: FanOutEvent[] = [];
  private readonly unread = new Set<number>();
  private readonly ended: SessionEnd[] = [];
  /** The newest event id this transaction wrote (0: none yet). */
  private lastEventId = 0;

  constructor(private readonly log: EventLog) {
    super();
  }

  /** Appends a durable event (typed by `common/protocol.ts`) to the log and the outbox. */
  event<T extends DurableServerEventType>(
    type: T,
    payload: PayloadOf<T>,
    audience: readonly number[] | null,
  ): DurableEvent {
    const event = this.log.append(this, type, payload, audience);
    this.events.push(event);
    this.lastEventId = event.id;
    return event;
  }

  /**
   * The id the next `event` gets (for a row that names its event, see EventLog.nextId).
   * After this transaction's own appends nobody else can write, so it follows the last one
   * without asking the database again (a chat batch asks once, not once per message).
   */
  nextEventId(): number {
    return this.lastEventId > 0 ? this.lastEventId + 1 : this.log.nextId(this);
  }

  /**
   * After notifications above `afterNotificationId` were written in bulk: their
   * `notification` events, one INSERT … SELECT (EventLog.appendNotificationFanOut).
   */
  notificationFanOut(afterNotificationId: number, shared: Omit<Notification, 'id'>): void {
    const written = this.log.appendNotificationFanOut(this, afterNotificationId, shared);
    for (const e of written) {
      this.fanOut.push(e);
      if (e.id > this.lastEventId) this.lastEventId = e.id;
    }
  }

  /** This user's unread counts changed (and no `notification` event says so). */
  unreadChanged(userId: number): void {
    this.unread.add(userId);
  }

  sessionEnded(end: SessionEnd): void {
    this.ended.push(end);
  }

  /** The outbox, once the transaction committed. */
  committed(): Committed {
    return {
      events: this.events,
      fanOut: this.fanOut,
      unreadChanged: [...this.unread],
      sessionsEnded: this.ended,
    };
  }
}

/** Gets what a transaction committed, after the commit. */
export type CommitListener = (committed: Committed) => void;

/**
 * The one way out of a commit: every listener (the live layer, the feed cache; later a
 * cross-process bus) hears every committed transaction, in commit order, synchronously,
 * before the writer answers its client. A throwing listener is logged and skipped: the
 * write already happened, so it must not turn into an error for the client.
 */
export class Publisher {
  private readonly listeners: CommitListener[] = [];

  constructor(private readonly log: Logger) {}

  /** Returns the function that removes this listener. */
  subscribe(listener: CommitListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  publish(c: Committed): void {
    if (isEmpty(c)) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(c);
      } catch (err) {
        this.log.error('event listener failed', { err });
      }
    }
  }
}

type Body = (tx: Transaction) => unknown;

/**
 * Runs write transactions: hands the body a `Transaction` (the WriteTx its store calls
 * need), commits, then publishes what it recorded. Nothing is published for a transaction
 * that rolled back, and nothing committed is left unpublished.
 */
export class Writer {
  private readonly run: Database.Transaction<(tx: Transaction, body: Body) => unknown>;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly publisher: Publisher,
  ) {
    // Compiled once: better-sqlite3 wraps the function in BEGIN … COMMIT / ROLLBACK.
    this.run = db.transaction((tx: Transaction, body: Body) => body(tx));
  }

  /**
   * `immediate` takes the write lock up front (BEGIN IMMEDIATE), so the transaction never
   * fails half-way for a lock another connection holds.
   */
  write<T>(body: (tx: Transaction) => T, options: { immediate?: boolean } = {}): T {
    // A nested write would publish before the outer transaction commits (or rolls back).
    if (this.db.inTransaction) throw new Error('a write transaction cannot run inside another');
    const tx = new Transaction(this.log);
    const result = (options.immediate ? this.run.immediate(tx, body) : this.run(tx, body)) as T;
    this.publisher.publish(tx.committed());
    return result;
  }
}
