/**
 * How much of the DM latency the WAL checkpoints cause (issue 15, sixth pass): the checkpoint
 * thread's marks (server/store/checkpoint-trace.ts) set against the chat batches' fsyncs and
 * the DMs' whole paths, all in epoch ms. A batch "overlaps" when a checkpoint ran during
 * its fdatasync; a DM when one ran between its send and the end of the tick that wrote it.
 */
import type { CheckpointMark } from '../../server/store/checkpoint-trace';

export interface CheckpointSummary {
  count: number;
  /** Checkpoints that could not run (busy), and WAL restarts seen (the WAL's frame count fell). */
  busy: number;
  restarts: number;
  /** Wall ms of one checkpoint: p50, p90, max; frames copied per checkpoint (mean). */
  ms: { p50: number; p90: number; max: number };
  copiedMean: number;
  /** The WAL's largest frame count seen (its size is that × (page + 24 bytes)). */
  walFramesMax: number;
  /** Share of the run's time inside a checkpoint. */
  busyShare: number;
  /** fdatasync ms of the batches during a checkpoint and of the others: p50, p99, count. */
  syncDuring: { p50: number; p99: number; n: number };
  syncOutside: { p50: number; p99: number; n: number };
  /** Of all DMs, and of the slowest 1 % (send → written), the share that overlapped one. */
  dmShareAll: number;
  dmShareSlowest: number;
}

type Span = { from: number; to: number };

export function checkpointOverlap(
  marks: readonly CheckpointMark[],
  syncs: readonly Span[],
  dms: readonly { sent: number; written: number }[],
): CheckpointSummary | undefined {
  const ran = marks.filter((m) => m.busy === 0);
  if (ran.length === 0 || dms.length === 0) return undefined;
  const spans = ran
    .map((m) => ({ from: m.startedAt, to: m.endedAt }))
    .sort((a, b) => a.from - b.from);
  const overlaps = (s: Span) => {
    // Spans are few (a few per second): a linear scan is fine at exit.
    for (const c of spans) if (c.from < s.to && c.to > s.from) return true;
    return false;
  };
  const q = (values: number[], p: number) => {
    if (values.length === 0) return 0;
    const v = [...values].sort((a, b) => a - b);
    return Math.round(v[Math.min(v.length - 1, Math.floor(p * v.length))]! * 1000) / 1000;
  };
  const during: number[] = [];
  const outside: number[] = [];
  for (const s of syncs) (overlaps(s) ? during : outside).push(s.to - s.from);
  const durations = spans.map((s) => s.to - s.from);
  const seqs = ran.map((m) => m.walRestarts).filter((n) => n >= 0);
  const restarts = seqs.length > 1 ? seqs[seqs.length - 1]! - seqs[0]! : 0;
  const first = Math.min(dms[0]!.sent, spans[0]!.from);
  const last = Math.max(...dms.map((d) => d.written));
  const bySlowness = [...dms].sort((a, b) => b.written - b.sent - (a.written - a.sent));
  const slowest = bySlowness.slice(0, Math.max(1, Math.floor(dms.length / 100)));
  const share = (list: readonly { sent: number; written: number }[]) =>
    Math.round(
      (list.filter((d) => overlaps({ from: d.sent, to: d.written })).length / list.length) * 1000,
    ) / 1000;
  return {
    count: ran.length,
    busy: marks.length - ran.length,
    restarts,
    ms: { p50: q(durations, 0.5), p90: q(durations, 0.9), max: q(durations, 1) },
    copiedMean: Math.round(ran.reduce((a, m) => a + m.copied, 0) / ran.length),
    walFramesMax: Math.max(...ran.map((m) => m.walFrames)),
    busyShare:
      Math.round((durations.reduce((a, b) => a + b, 0) / Math.max(1, last - first)) * 1000) / 1000,
    syncDuring: { p50: q(during, 0.5), p99: q(during, 0.99), n: during.length },
    syncOutside: { p50: q(outside, 0.5), p99: q(outside, 0.99), n: outside.length },
    dmShareAll: share(dms),
    dmShareSlowest: share(slowest),
  };
}
