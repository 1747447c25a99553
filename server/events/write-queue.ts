import { performance } from 'node:perf_hooks';

/** How a grouped write ended: its value, or the error its body (or the commit) threw. */
export type GroupedOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The two group-commit settings (server/config/live-tuning.ts documents them). */
export interface GroupCommitTiming {
  groupCommitMs: number;
  groupCommitPausePercent: number;
}

interface Waiting<Body> {
  body: Body;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Bodies per transaction at most; the rest go in the next one. */
const MAX_BATCH = 1000;

/**
 * The REST writes' group commit (posts, comments): each write waits for the next commit,
 * which stores every write queued since the last one in ONE transaction (one fsync), and
 * then answers them all. The same adaptive rule as the chat group commit
 * (live/group-commit.ts): when idle, a write commits at the next turn of the event loop;
 * while commits run back to back, the next one starts `groupCommitPausePercent` % of the
 * last one's time after it ended (capped at `groupCommitMs`), so the requests that arrive
 * meanwhile share its fsync.
 */
export class WriteQueue<Body> {
  private pending: Waiting<Body>[] = [];
  private scheduled = false;
  private lastEnd = -Infinity;
  private lastMs = 0;

  constructor(
    /** Runs the bodies in one transaction, one outcome each, in order (Writer.writeBatch). */
    private readonly commit: (bodies: readonly Body[]) => GroupedOutcome[],
    private readonly timing: GroupCommitTiming,
  ) {}

  /** Writes waiting for their commit. */
  get size(): number {
    return this.pending.length;
  }

  /** Resolves with the body's value once its transaction committed (and was published). */
  write<T>(body: Body): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ body, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Commits what waits, now (tests; a caller that must not wait for the timer). */
  flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) this.commitSome();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After this turn's I/O: every request parsed in this turn joins the same commit.
    setImmediate(() => this.due());
  }

  private due(): void {
    if (!this.scheduled) return;
    const { groupCommitMs, groupCommitPausePercent } = this.timing;
    const pause = Math.min(groupCommitMs, (groupCommitPausePercent / 100) * this.lastMs);
    const wait = this.lastEnd + pause - performance.now();
    if (wait > 0) {
      setTimeout(() => this.commitDue(), Math.ceil(wait));
      return;
    }
    this.commitDue();
  }

  private commitDue(): void {
    if (!this.scheduled) return; // flushed meanwhile
    this.scheduled = false;
    this.commitSome();
    if (this.pending.length > 0) this.schedule();
  }

  private commitSome(): void {
    const batch = this.pending.length > MAX_BATCH ? this.pending.slice(0, MAX_BATCH) : this.pending;
    this.pending = this.pending.length > MAX_BATCH ? this.pending.slice(MAX_BATCH) : [];
    const started = performance.now();
    let outcomes: GroupedOutcome[];
    try {
      outcomes = this.commit(batch.map((w) => w.body));
    } catch (error) {
      // The transaction itself failed (the write lock, the disk): nothing was stored.
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    this.lastEnd = performance.now();
    this.lastMs = this.lastEnd - started;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i]!;
      if (outcome.ok) batch[i]!.resolve(outcome.value);
      else batch[i]!.reject(outcome.error);
    }
  }
}
