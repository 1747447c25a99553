import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger';

/**
 * What one tick took, published on `TICK_CHANNEL` (node:diagnostics_channel) only while
 * something subscribes (a bench: `bench/support/rooms-host.ts`); otherwise a tick pays one
 * `hasSubscribers` check. Times in ms; `startedAt` on the wall clock (performance.timeOrigin
 * + now), comparable across processes on one machine.
 */
export interface TickTiming {
  startedAt: number;
  /** Each stage's duration and CPU time (process.cpuUsage: user + system, µs), in order. */
  stages: { name: string; ms: number; cpuUs: number }[];
}
export const TICK_CHANNEL = 'hearth:live.tick';
const tickChannel = channel(TICK_CHANNEL);

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
    if (tickChannel.hasSubscribers) {
      this.runTimed();
      return;
    }
    for (const stage of this.stages) this.runStage(stage);
  }

  private runStage(stage: TickStage): void {
    try {
      stage.run();
    } catch (err) {
      this.log.error('live tick stage failed', { stage: stage.name, err });
    }
  }

  private runTimed(): void {
    const start = performance.now();
    const stages: TickTiming['stages'] = [];
    let at = start;
    let cpu = process.cpuUsage();
    for (const stage of this.stages) {
      this.runStage(stage);
      const now = performance.now();
      const cpuNow = process.cpuUsage();
      stages.push({
        name: stage.name,
        ms: now - at,
        cpuUs: cpuNow.user - cpu.user + cpuNow.system - cpu.system,
      });
      at = now;
      cpu = cpuNow;
    }
    const timing: TickTiming = { startedAt: performance.timeOrigin + start, stages };
    tickChannel.publish(timing);
  }

  /** Runs a pending tick now, then stops ticking. */
  close(): void {
    if (this.scheduled) this.run();
    this.closed = true;
  }
}
