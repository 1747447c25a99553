import { performance } from 'node:perf_hooks';
import type { WalSync } from '../../db/wal-sync';
import type { EventLog } from '../events/event-log';
import type { Committed, Publisher } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { ChatService, ChatWrite, ChatWriteOutcome } from '../services/chat.service';
import { publishTrace, startMarks, type CommitMarks } from './commit-trace';

/** A committed batch waiting for its fsync: nothing of it is told before that. */
interface InFlight<P> {
  batch: P[];
  outcomes: ChatWriteOutcome[];
  committed: Committed[];
  /** Only while a bench traces the batches (commit-trace.ts). */
  marks: CommitMarks | null;
}

export interface WalPipelineDeps<P> {
  chat: ChatService;
  events: EventLog;
  publisher: Publisher;
  walSync: WalSync;
  /** fdatasync on this thread right after the commit, instead of on the thread pool. */
  inline?: boolean;
  log: Logger;
  /** The batch is durable and published: deliver its outcomes (in order). */
  durable(batch: readonly P[], outcomes: readonly ChatWriteOutcome[]): void;
  /** Its fsync failed: its writes were not acknowledged. */
  failed(batch: readonly P[]): void;
}

/**
 * The chat group commit's own fsync (server/README.md, "A DM, from the composer to the
 * database and back"; db/README.md, "Commits and fsync"): a batch commits with
 * `synchronous = NORMAL` (its WAL frames written, no fsync), then the `-wal` file is
 * fdatasync'd, and only when that completes is the batch published (delivered,
 * acknowledged, unread counts pushed). `inline`: the fdatasync runs right after the commit,
 * on this thread. Otherwise on the libuv thread pool while the event loop goes on, one
 * batch at a time (the writes that arrive meanwhile form the next one); while it waits,
 * `hello` and `resume` stop before its events (EventLog.holdAbove), and any other publish (a
 * REST write's) first makes it durable on the event loop and publishes it, so every client
 * gets events in commit order.
 */
export class WalPipeline<P extends { write: ChatWrite; at?: number }> {
  private inFlight: InFlight<P> | null = null;

  constructor(private readonly deps: WalPipelineDeps<P>) {}

  /** A batch waits for its fsync (the next one forms meanwhile). */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /**
   * Commits the batch without its fsync and starts the fsync. Returns the outcomes, for a
   * prefix of the batch when the database is locked (ChatService.commit); they are delivered
   * through `durable` once the fsync completes.
   */
  commit(batch: readonly P[], lockWaitMs: number): number {
    const { chat, events, publisher, walSync } = this.deps;
    const marks = startMarks();
    events.holdAbove(events.lastId());
    const { value: outcomes, committed } = publisher.gate.capture(() =>
      walSync.unsynced(() =>
        chat.commit(
          batch.map((p) => p.write),
          { lockWaitMs },
        ),
      ),
    );
    if (outcomes.length === 0) {
      events.holdAbove(null);
      return 0;
    }
    if (marks) marks.committed = performance.now();
    const flight: InFlight<P> = {
      batch: batch.slice(0, outcomes.length),
      outcomes,
      committed,
      marks,
    };
    this.inFlight = flight;
    if (this.deps.inline) {
      this.completeNow();
      return outcomes.length;
    }
    publisher.gate.setBefore(() => this.completeNow());
    walSync.sync().then(
      () => this.complete(flight),
      (err: unknown) => this.syncFailed(flight, err),
    );
    return outcomes.length;
  }

  /** The batch in flight, if any, made durable on this thread and told now. */
  completeNow(): void {
    const flight = this.inFlight;
    if (flight === null) return;
    try {
      this.deps.walSync.syncNow();
    } catch (err) {
      this.fail(flight, err);
      return;
    }
    this.complete(flight);
  }

  private complete(flight: InFlight<P>): void {
    if (this.inFlight !== flight) return; // made durable and told already (completeNow)
    const { marks } = flight;
    if (marks) marks.synced = performance.now();
    this.release();
    for (const c of flight.committed) this.deps.publisher.publish(c);
    this.deps.durable(flight.batch, flight.outcomes);
    if (marks) publishTrace(marks, flight.batch);
  }

  private syncFailed(flight: InFlight<P>, err: unknown): void {
    if (this.inFlight !== flight) return;
    this.deps.log.warn('WAL fsync failed on the thread pool: retrying on the event loop', { err });
    this.completeNow();
  }

  /** The WAL could not be made durable (an I/O error): nothing of the batch is told. */
  private fail(flight: InFlight<P>, err: unknown): void {
    this.release();
    this.deps.log.error('WAL fsync failed: chat batch not acknowledged', { err });
    this.deps.failed(flight.batch);
  }

  private release(): void {
    this.inFlight = null;
    this.deps.publisher.gate.setBefore(null);
    this.deps.events.holdAbove(null);
  }
}
