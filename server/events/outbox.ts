import type Database from 'better-sqlite3';
import type { Notification } from '../../common/api';
import type { Db } from '../../db/open-db';
import { DEFAULT_LIVE_TUNING } from '../config/live-tuning';
import type { Logger } from '../logging/logger';
import { WriteTx } from '../store/write-tx';
import type { DurableEvent, EventAudience, EventLog, FanOutEvent } from './event-log';
import { PublishGate } from './publish-gate';
import type { DurableServerEventType, PayloadOf } from './server-frame';
import { WriteQueue, type GroupCommitTiming, type GroupedOutcome } from './write-queue';

export type SessionEndReason =
  | 'logout'
  | 'expired'
  | 'replaced'
  // (issue 10, accounts) the user changed their password, or a reset link set a new one.
  | 'password_changed'
  | 'password_reset'
  // (issue 10, moderation) a moderator suspended the account.
  | 'suspended';

/**
 * A session that is gone: its sockets close with 4401 (WS_CLOSE.SESSION_ENDED), or 4003
 * (WS_CLOSE.SUSPENDED) when a moderator suspended its user.
 */
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
      // Edited, restored, pinned or locked; or deleted.
      e.type === 'post.updated' ||
      e.type === 'post.deleted' ||
      // Feed items name their categories.
      e.type === 'category.updated' ||
      e.type === 'category.deleted' ||
      // (issue 12) Feed items carry their reaction counts: a post's reaction (the payload
      // leads with its item type, services/reactions.service.ts).
      (e.type.startsWith('reaction.') && e.json.includes('"payload":{"type":"post"')),
  );

/** Only `Writer.write` may make a Transaction: this module keeps the key. */
const WRITER_ONLY: unique symbol = Symbol('made by Writer.write');

/**
 * One open write transaction: the `WriteTx` that store writes require, and the outbox that
 * collects what it commits. Its event-log rows commit or roll back with the data they
 * describe; the rest (unread counts, ended sessions) is published only if it commits.
 * Made only by `Writer.write`, and usable only until its transaction ends: a `tx` kept
 * after that throws instead of writing outside any transaction.
 */
export class Transaction extends WriteTx {
  private readonly events: DurableEvent[] = [];
  private readonly fanOut: FanOutEvent[] = [];
  private readonly unread = new Set<number>();
  private readonly ended: SessionEnd[] = [];
  /** The newest event id this transaction wrote (0: none yet). */
  private lastEventId = 0;
  private open = true;

  constructor(
    key: typeof WRITER_ONLY,
    private readonly log: EventLog,
  ) {
    super();
    if (key !== WRITER_ONLY) throw new Error('a Transaction is made only by Writer.write');
  }

  /** The newest event id this transaction wrote (0: none). */
  get newestEventId(): number {
    return this.lastEventId;
  }

  override get finished(): boolean {
    return !this.open;
  }

  /** Ends its use (Writer.write, after COMMIT or ROLLBACK). */
  close(key: typeof WRITER_ONLY): void {
    if (key === WRITER_ONLY) this.open = false;
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('this transaction has ended: write inside Writer.write');
  }

  /** Appends a durable event (typed by `common/protocol.ts`) to the log and the outbox. */
  event<T extends DurableServerEventType>(
    type: T,
    payload: PayloadOf<T>,
    audience: EventAudience,
  ): DurableEvent {
    this.assertOpen();
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
    this.assertOpen();
    return this.lastEventId > 0 ? this.lastEventId + 1 : this.log.nextId(this);
  }

  /**
   * After notifications above `afterNotificationId` were written in bulk: their
   * `notification` events, one INSERT … SELECT (EventLog.appendNotificationFanOut).
   */
  notificationFanOut(afterNotificationId: number, shared: Omit<Notification, 'id'>): void {
    this.assertOpen();
    const written = this.log.appendNotificationFanOut(this, afterNotificationId, shared);
    for (const e of written) {
      this.fanOut.push(e);
      if (e.id > this.lastEventId) this.lastEventId = e.id;
    }
  }

  /** This user's unread counts changed (and no `notification` event says so). */
  unreadChanged(userId: number): void {
    this.assertOpen();
    this.unread.add(userId);
  }

  sessionEnded(end: SessionEnd): void {
    this.assertOpen();
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
 * write already happened, so it must not turn into an error for the client. A commit made
 * by a listener while it is told of another waits until every listener heard the first,
 * so every listener hears commits in the order they were made.
 */
export class Publisher {
  private readonly listeners: CommitListener[] = [];
  private readonly queue: Committed[] = [];
  private publishing = false;
  /** (live/wal-pipeline.ts) Holds a chat batch's publish until its fsync. */
  readonly gate = new PublishGate();

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
    if (isEmpty(c) || this.gate.intercept(c)) return;
    this.queue.push(c);
    if (this.publishing) return; // the loop below gets to it, after the commit before it
    this.publishing = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(next);
          } catch (err) {
            this.log.error('event listener failed', { err });
          }
        }
      }
    } finally {
      this.publishing = false;
    }
  }
}

type Body = (tx: Transaction) => unknown;

/** Without a config (tests): the defaults of server/config/live-tuning.ts. */
const DEFAULT_GROUP_TIMING: GroupCommitTiming = {
  groupCommitMs: DEFAULT_LIVE_TUNING.groupCommitMs,
  groupCommitPausePercent: DEFAULT_LIVE_TUNING.groupCommitPausePercent,
};

/**
 * Runs write transactions: hands the body a `Transaction` (the WriteTx its store calls
 * need), commits, then publishes what it recorded. Nothing is published for a transaction
 * that rolled back, and nothing committed is left unpublished.
 */
export class Writer {
  private readonly run: Database.Transaction<(tx: Transaction, body: Body) => unknown>;
  private readonly runAll: Database.Transaction<
    (txs: readonly Transaction[], bodies: readonly Body[]) => GroupedOutcome[]
  >;
  private readonly queue: WriteQueue<Body>;

  constructor(
    private readonly db: Db,
    private readonly log: EventLog,
    private readonly publisher: Publisher,
    timing: GroupCommitTiming = DEFAULT_GROUP_TIMING,
  ) {
    // Compiled once: better-sqlite3 wraps the function in BEGIN … COMMIT / ROLLBACK (inside
    // another transaction: SAVEPOINT … RELEASE / ROLLBACK TO).
    this.run = db.transaction((tx: Transaction, body: Body) => body(tx));
    this.runAll = db.transaction((txs: readonly Transaction[], bodies: readonly Body[]) =>
      bodies.map((body, i): GroupedOutcome => {
        try {
          return { ok: true, value: this.run(txs[i]!, body) };
        } catch (error) {
          // Some errors (disk full, I/O) end the whole transaction, not just the savepoint:
          // then nothing of the batch is stored, and every body fails with it.
          if (!this.db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
    this.queue = new WriteQueue<Body>((bodies) => this.writeBatch(bodies), timing);
  }

  /**
   * `immediate` takes the write lock up front (BEGIN IMMEDIATE), so the transaction never
   * fails half-way for a lock another connection holds.
   */
  write<T>(body: (tx: Transaction) => T, options: { immediate?: boolean } = {}): T {
    // A nested write would publish before the outer transaction commits (or rolls back).
    if (this.db.inTransaction) throw new Error('a write transaction cannot run inside another');
    const tx = new Transaction(WRITER_ONLY, this.log);
    let result: T;
    try {
      result = (options.immediate ? this.run.immediate(tx, body) : this.run(tx, body)) as T;
    } finally {
      tx.close(WRITER_ONLY);
    }
    this.log.committedUpTo(tx.newestEventId);
    this.publisher.publish(tx.committed());
    return result;
  }

  /**
   * The group-committed write (REST posts and comments): the body runs at the next commit
   * of the write queue (events/write-queue.ts), in one IMMEDIATE transaction with the other
   * writes queued meanwhile, each in its own savepoint. Resolves after the commit (the fsync)
   * and the publish; rejects with what the body threw (only its own writes are rolled back)
   * or with what failed the whole transaction.
   */
  writeGrouped<T>(body: (tx: Transaction) => T): Promise<T> {
    return this.queue.write<T>(body);
  }

  /** Commits the queued grouped writes now (before closing the database). */
  flushGrouped(): void {
    this.queue.flush();
  }

  /**
   * Runs many bodies in ONE IMMEDIATE transaction (one fsync), each in a savepoint: a body
   * that throws rolls back its own writes and gets its error back; the others commit. After
   * the commit, publishes what each committed body recorded, in order. If the transaction
   * fails as a whole (the write lock, the disk), this throws and nothing is published.
   */
  writeBatch(bodies: readonly Body[]): GroupedOutcome[] {
    if (this.db.inTransaction) throw new Error('a write transaction cannot run inside another');
    const txs = bodies.map(() => new Transaction(WRITER_ONLY, this.log));
    let outcomes: GroupedOutcome[];
    try {
      outcomes = this.runAll.immediate(txs, bodies);
    } finally {
      for (const tx of txs) tx.close(WRITER_ONLY);
    }
    let newest = 0;
    for (let i = 0; i < outcomes.length; i++) {
      if (outcomes[i]!.ok) newest = Math.max(newest, txs[i]!.newestEventId);
    }
    this.log.committedUpTo(newest);
    for (let i = 0; i < outcomes.length; i++) {
      if (outcomes[i]!.ok) this.publisher.publish(txs[i]!.committed());
    }
    return outcomes;
  }
}
