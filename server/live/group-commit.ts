import { performance } from 'node:perf_hooks';
import type { ErrorCode } from '../../common/errors';
import type { WalSync } from '../../db/wal-sync';
import type { LiveTuning } from '../config/server-config';
import type { EventLog } from '../events/event-log';
import type { Publisher } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { ChatService, ChatWrite } from '../services/chat.service';
import { deliverOutcome } from './chat-outcomes';
import { publishTrace, startMarks } from './commit-trace';
import type { Connection } from './connection';
import { GatherTurns } from './gather-turns';
import type { Hub } from './hub';
import type { TypingTracker } from './typing';
import { WalPipeline } from './wal-pipeline';

/** Writes committed per transaction at most; the rest go in the next tick. */
const MAX_BATCH = 2000;
/**
 * How long a commit waits on the event loop for a write lock another program holds (an
 * admin's sqlite3) before it gives up and retries from a timer. Short: the wait blocks
 * everything else (heartbeats, REST); a timer costs nothing while the lock lasts.
 */
const LOCK_WAIT_MS = 10;
/** Retry delays while the database stays locked: doubling from the first up to the last. */
const LOCKED_RETRY_FIRST_MS = 20;
const LOCKED_RETRY_MAX_MS = 500;
/** Writes waiting at most; past it (a long lock) a send is refused at once with UNAVAILABLE. */
const MAX_PENDING = 20_000;

const SYNC_FAILED = 'The message could not be stored. Try again.';

const LOCKED_MESSAGE =
  'The message could not be stored yet: the forum’s database is locked by another program. Send it again in a moment.';

interface Pending {
  conn: Connection;
  write: ChatWrite;
  /** performance.now() when it was queued. */
  at: number;
}

export interface GroupCommitDeps {
  chat: ChatService;
  hub: Hub;
  /**
   * Null: each batch commits with synchronous=FULL on the event loop (`:memory:`, tests of
   * the plain path). Else the batch commits with NORMAL and is told once `sync` is done.
   */
  walSync: WalSync | null;
  /** With a walSync: fdatasync on the event loop right after the commit (`chatFsync`). */
  inlineSync?: boolean;
  events: EventLog;
  publisher: Publisher;
  typing: TypingTracker;
  tuning: LiveTuning;
  log: Logger;
  sendError(conn: Connection, code: ErrorCode, message: string, ref?: string): void;
}

/**
 * The chat group commit, run at the start of each hub tick: every `chat.send` and
 * `chat.read` received since the last commit is stored in one transaction (one fsync), then
 * delivered to both sides, in commit order. A message is never delivered before it is
 * durable.
 *
 * With a `walSync` (live.chatFsync 'inline', the default, or 'pool'; wal-pipeline.ts) the
 * batch commits with `synchronous = NORMAL` and the `-wal` file is then fdatasync'd, on the
 * event loop right after ('inline') or on the libuv thread pool while the loop goes on
 * ('pool': the next batch forms meanwhile); only when that completes is the batch published
 * (delivered, acknowledged, its unread counts pushed). Without one ('full', `:memory:`) it
 * commits with synchronous=FULL.
 *
 * Adaptive: when no commit ran lately, a write commits at the first tick after it arrived
 * (no waiting for a batch that nobody else would join). Under load the batches form by
 * themselves: the commit (its fsync) holds the event loop, and whatever arrives meanwhile
 * goes in the next one (with `groupCommitGatherTurns`, off by default, a commit first gives
 * the loop a turn to read sends already on the wire: gather-turns.ts). The next commit may
 * also start only `groupCommitPausePercent` % of the last commit's time after it ended (0 by
 * default: at once, the lowest latency; 100: at most half the time in commits, bigger
 * batches, less CPU per message), and a write never waits more than `groupCommitMs` for its
 * commit to start.
 *
 * While another program holds the database's write lock, nothing blocks: the commit gives up
 * after LOCK_WAIT_MS, the writes stay queued (in order) and a timer retries with backoff.
 * When the lock is released they are committed and delivered. A send that has waited
 * `lockedWriteMaxWaitMs` is answered UNAVAILABLE instead (its sender may resend it).
 */
export class GroupCommit {
  private pending: Pending[] = [];
  /** performance.now() when the last commit ended, and how long it took. */
  private lastCommitEnd = -Infinity;
  private lastCommitMs = 0;
  /** The spacing wait or a lock retry: while set, ticks do not commit. */
  private timer: NodeJS.Timeout | null = null;
  /** Since when the database has been found locked (null: it is not). */
  private lockedSince: number | null = null;
  private retryMs = LOCKED_RETRY_FIRST_MS;
  private readonly gather: GatherTurns;
  private closed = false;
  /** The batch's own fsync (null: every batch commits with FULL). */
  private readonly pipeline: WalPipeline<Pending> | null;

  constructor(private readonly deps: GroupCommitDeps) {
    const { chat, events, publisher, walSync, log, hub } = deps;
    this.gather = new GatherTurns(deps.tuning);
    this.pipeline = walSync
      ? new WalPipeline<Pending>({
          chat,
          events,
          publisher,
          walSync,
          inline: deps.inlineSync ?? false,
          log,
          durable: (batch, outcomes) => {
            for (let i = 0; i < outcomes.length; i++) {
              deliverOutcome(deps, batch[i]!.conn, outcomes[i]!);
            }
            // From the fsync's callback, outside a tick: one writes what was queued.
            if (!deps.inlineSync) hub.requestTick();
          },
          failed: (batch) => {
            for (const { conn, write } of batch) {
              if ('send' in write)
                deps.sendError(conn, 'INTERNAL', SYNC_FAILED, write.send.clientId);
            }
          },
        })
      : null;
  }

  /** Writes waiting for a commit. */
  get size(): number {
    return this.pending.length;
  }

  /** Queues a write for the next commit; false when too many already wait (a long lock). */
  add(conn: Connection, write: ChatWrite): boolean {
    if (this.pending.length >= MAX_PENDING) return false;
    this.pending.push({ conn, write, at: performance.now() });
    this.deps.hub.requestTick();
    return true;
  }

  /**
   * Commits what waits (the tick's first stage), unless the last commit ended too recently
   * (see the class comment) or a lock retry is due later: then a timer asks for the tick.
   * `force` commits now and arms no timer (shutdown).
   */
  run(force = false): void {
    if (force) this.pipeline?.completeNow();
    if (this.pending.length === 0) return;
    const { hub, tuning } = this.deps;
    if (force) this.clearTimer();
    else if (this.timer !== null || this.pipeline?.busy) return;
    // Idle: at once. Back to back: a pause in proportion to the last commit's time, so a slow
    // fsync grows the batches instead of blocking the event loop all the time.
    const spacing = Math.min(
      tuning.groupCommitMs,
      (tuning.groupCommitPausePercent / 100) * this.lastCommitMs,
    );
    const started = performance.now();
    const wait = this.lastCommitEnd + spacing - started;
    if (wait > 0 && !force) {
      this.arm(Math.ceil(wait));
      return;
    }
    if (
      !force &&
      this.gather.another(started, this.lastCommitEnd, this.pending.length, MAX_BATCH)
    ) {
      hub.requestTick();
      return;
    }
    let batch = this.pending;
    if (batch.length > MAX_BATCH) {
      batch = this.pending.slice(0, MAX_BATCH);
      this.pending = this.pending.slice(MAX_BATCH);
    } else {
      this.pending = [];
    }
    const done =
      this.pipeline && !force
        ? this.pipeline.commit(batch, LOCK_WAIT_MS)
        : this.commitNow(batch, LOCK_WAIT_MS);
    if (done < batch.length) {
      // Locked: the rest goes back to the front, in order, and a timer retries.
      this.pending = batch.slice(done).concat(this.pending);
      this.locked(force);
      return;
    }
    this.lastCommitEnd = performance.now();
    this.lastCommitMs = this.lastCommitEnd - started;
    if (this.lockedSince !== null) {
      this.deps.log.info('database lock released: waiting chat writes committed', {
        lockedMs: Math.round(performance.now() - this.lockedSince),
      });
      this.lockedSince = null;
      this.retryMs = LOCKED_RETRY_FIRST_MS;
    }
    if (this.pending.length > 0) hub.requestTick();
  }

  /**
   * At shutdown, after the sockets closed: stores what arrived meanwhile (waiting up to the
   * connection's busy timeout for a lock). Their senders get no answer on the closed socket:
   * they resend by clientId after reconnecting, and get the stored message back.
   */
  finish(): void {
    this.pipeline?.completeNow();
    this.closed = true;
    this.clearTimer();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const done = this.commitNow(batch);
    if (done < batch.length) {
      this.deps.log.warn('shutting down with chat writes unstored (database locked)', {
        count: batch.length - done,
      });
    }
  }

  /** One batch with synchronous=FULL, told at once; how many of its writes were done. */
  private commitNow(batch: readonly Pending[], lockWaitMs?: number): number {
    const marks = startMarks();
    const writes = batch.map((p) => p.write);
    const outcomes = this.deps.chat.commit(writes, lockWaitMs === undefined ? {} : { lockWaitMs });
    if (marks) marks.committed = marks.synced = performance.now();
    for (let i = 0; i < outcomes.length; i++) {
      deliverOutcome(this.deps, batch[i]!.conn, outcomes[i]!);
    }
    if (marks && outcomes.length > 0) publishTrace(marks, batch.slice(0, outcomes.length));
    return outcomes.length;
  }

  private locked(force: boolean): void {
    const now = performance.now();
    if (this.lockedSince === null) {
      this.lockedSince = now;
      this.deps.log.warn('database locked by another connection: chat writes wait for it', {
        waiting: this.pending.length,
      });
    }
    this.expire(now);
    if (force || this.closed || this.pending.length === 0) return;
    this.arm(this.retryMs);
    this.retryMs = Math.min(LOCKED_RETRY_MAX_MS, this.retryMs * 2);
  }

  /** Sends that waited too long for the lock are answered UNAVAILABLE; read marks dropped. */
  private expire(now: number): void {
    const limit = now - this.deps.tuning.lockedWriteMaxWaitMs;
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.at < limit) n++;
    if (n === 0) return;
    const expired = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    this.deps.log.warn('chat writes waited too long for a locked database: refused', {
      count: n,
    });
    for (const { conn, write } of expired) {
      if ('send' in write) {
        this.deps.sendError(conn, 'UNAVAILABLE', LOCKED_MESSAGE, write.send.clientId);
      }
    }
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.deps.hub.requestTick();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
