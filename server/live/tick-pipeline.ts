import type { Logger } from '../logging/logger';

/** One step of a tick. */
export interface TickStage {
  /** Named in the log when the stage throws. */
  readonly name: string;
  run(): void;
}

/**
 * The live layer's tick: whatever happens during one event-loop turn (client messages,
 * commits elsewhere) only queues; at most one tick per turn (setImmediate) then runs the
 * stages in order. The order is the live layer's, set once in `live-server.ts`: the chat
 * group commit, then fresh unread counts (so a count follows its cause), then one write per
 * socket. A stage that throws is logged and the next one still runs, so a failed commit
 * never keeps queued frames from going out.
 */
export class TickPipeline {
  private stages: readonly TickStage[] = [];
  private scheduled = false;
  private closed = false;

  constructor(private readonly log: Logger) {}

  /** Sets the stages, once, before the first tick (they are built after the hub). */
  setStages(stages: readonly TickStage[]): void {
    if (this.stages.length > 0) throw new Error('the tick stages are already set');
    this.stages = stages;
  }

  /** Schedules a tick (setImmediate) unless one is pending or the pipeline closed. */
  request(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  /** Runs every stage now, in order. */
  run(): void {
    this.scheduled = false;
    if (this.closed) return;
    for (const stage of this.stages) {
      try {
        stage.run();
      } catch (err) {
        this.log.error('live tick stage failed', { stage: stage.name, err });
      }
    }
  }

  /** Runs a pending tick now, then stops ticking. */
  close(): void {
    if (this.scheduled) this.run();
    this.closed = true;
  }
}
