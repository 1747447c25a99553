/**
 * Where a DM's time goes inside the server under `live.ts` (issue 15, fifth pass): with
 * `BENCH_DM_TRACE=<file>` the host subscribes to the chat batches' marks
 * (`server/live/commit-trace.ts`) and the tick timings (`tick-pipeline.ts`), and at exit
 * writes, per DM, the time from its send (the sender's clock, which `live-load.ts` writes
 * in the body) to each step: queued (read, parsed, checked), commit started, committed,
 * fsync'd, told (published, outcomes delivered), written (the end of the tick that wrote
 * it to the sockets); and per batch its size and the CPU of each tick stage.
 * `live.ts` prints the file after the Hearth run. Tracing costs a few µs per tick. The
 * checkpoint thread's passes (server/store/checkpoint-trace.ts) are set against the batches
 * (checkpoint-overlap.ts); their raw marks are written to `<file>.marks`.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { COMMIT_CHANNEL, type CommitTrace } from '../../server/live/commit-trace';
import { CHECKPOINT_CHANNEL, type CheckpointMark } from '../../server/store/checkpoint-trace';
import { checkpointOverlap, type CheckpointSummary } from './checkpoint-overlap';
import { TICK_CHANNEL, type TickTiming } from '../../server/live/tick-pipeline';

/** The steps of a DM, in order; each is timed from the previous one. */
export const STEPS = ['queued', 'started', 'committed', 'synced', 'told', 'written'] as const;
export type Step = (typeof STEPS)[number];

export interface TraceSummary {
  dms: number;
  batches: number;
  /** DMs per batch: mean, and the share of batches of 1. */
  batchMean: number;
  batchOnes: number;
  /** ms from the previous step (from the send for `queued`): p50, p90, p99, mean. */
  steps: Record<Step, { p50: number; p90: number; p99: number; mean: number }>;
  /** ms from the send to `written`: p50, p99. */
  toWritten: { p50: number; p99: number };
  /** CPU µs per DM of each tick stage, over the ticks that committed DMs. */
  stageCpuPerDm: Record<string, number>;
  /** Wall ms per batch of each tick stage, same ticks: mean. */
  stageMsPerBatch: Record<string, number>;
  /** The slowest batches (commit + fsync): size, ms committing, ms in the fsync, when. */
  slowest: { size: number; commitMs: number; syncMs: number; atMs: number }[];
  /** The checkpoint thread's checkpoints, and the batches and DMs that overlapped one. */
  checkpoints?: CheckpointSummary;
}

interface Dm {
  sent: number;
  queued: number;
  started: number;
  committed: number;
  synced: number;
  told: number;
}

/** Starts tracing; the summary is written to `file` when the process exits. */
export function traceDms(file: string): void {
  const origin = performance.timeOrigin;
  const done: (Dm & { written: number })[] = [];
  let waiting: Dm[] = [];
  let batches = 0;
  let ones = 0;
  let waitingBatches = 0;
  const stageCpu = new Map<string, number>();
  const stageMs = new Map<string, number>();
  let tracedTicks = 0;
  const perBatch: TraceSummary['slowest'] = [];
  const syncs: { from: number; to: number }[] = [];
  const checkpoints: CheckpointMark[] = [];
  subscribe(CHECKPOINT_CHANNEL, (m) => checkpoints.push(m as CheckpointMark));

  subscribe(COMMIT_CHANNEL, (m) => {
    const t = m as CommitTrace;
    let n = 0;
    t.writes.forEach((w, i) => {
      if (!('send' in w)) return;
      const sent = Number(w.send.body);
      if (!Number.isFinite(sent)) return;
      n++;
      waiting.push({
        sent,
        queued: origin + t.queuedAt[i]!,
        started: origin + t.started,
        committed: origin + t.committed,
        synced: origin + t.synced,
        told: origin + t.told,
      });
    });
    if (n === 0) return;
    perBatch.push({
      size: n,
      commitMs: Math.round((t.committed - t.started) * 1000) / 1000,
      syncMs: Math.round((t.synced - t.committed) * 1000) / 1000,
      atMs: Math.round(t.started),
    });
    syncs.push({ from: origin + t.committed, to: origin + t.synced });
    batches++;
    waitingBatches++;
    if (n === 1) ones++;
  });
  subscribe(TICK_CHANNEL, (m) => {
    if (waiting.length === 0) return;
    const tick = m as TickTiming;
    let written = tick.startedAt;
    for (const s of tick.stages) {
      written += s.ms;
      stageCpu.set(s.name, (stageCpu.get(s.name) ?? 0) + s.cpuUs);
      stageMs.set(s.name, (stageMs.get(s.name) ?? 0) + s.ms);
    }
    tracedTicks += waitingBatches;
    waitingBatches = 0;
    for (const dm of waiting) done.push({ ...dm, written });
    waiting = [];
  });

  process.on('exit', () => {
    if (done.length === 0) return;
    const stat = (values: number[]) => {
      values.sort((a, b) => a - b);
      const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const r = (x: number) => Math.round(x * 1000) / 1000;
      return { p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), mean: r(mean) };
    };
    const prev: Record<Step, keyof Dm | 'written'> = {
      queued: 'sent',
      started: 'queued',
      committed: 'started',
      synced: 'committed',
      told: 'synced',
      written: 'told',
    };
    const steps = {} as TraceSummary['steps'];
    for (const step of STEPS) steps[step] = stat(done.map((d) => d[step] - d[prev[step]]));
    const total = stat(done.map((d) => d.written - d.sent));
    const per = (map: Map<string, number>, by: number) =>
      Object.fromEntries([...map].map(([k, v]) => [k, Math.round((v / by) * 100) / 100]));
    const summary: TraceSummary = {
      dms: done.length,
      batches,
      batchMean: Math.round((done.length / batches) * 100) / 100,
      batchOnes: Math.round((ones / batches) * 100) / 100,
      steps,
      toWritten: { p50: total.p50, p99: total.p99 },
      stageCpuPerDm: per(stageCpu, done.length),
      stageMsPerBatch: per(stageMs, Math.max(1, tracedTicks)),
      slowest: perBatch.sort((a, b) => b.commitMs + b.syncMs - a.commitMs - a.syncMs).slice(0, 12),
      checkpoints: checkpointOverlap(checkpoints, syncs, done),
    };
    writeFileSync(file, JSON.stringify(summary, null, 2));
    writeFileSync(file + '.marks', JSON.stringify(checkpoints));
  });
}
