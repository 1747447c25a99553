import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { ChatWrite } from '../services/chat.service';

/**
 * Where one chat batch's time went, published on `COMMIT_CHANNEL` (node:diagnostics_channel)
 * only while something subscribes (a bench: `bench/support/live-trace.ts`); otherwise a batch
 * pays one `hasSubscribers` check. Times are `performance.now()` of this process, in order:
 * each write queued (after its frame was parsed and checked), the commit started (the tick's
 * group-commit stage), committed (COMMIT returned, the WAL frames written), synced (the
 * fdatasync returned: durable), told (published and its outcomes delivered to the hub's
 * queues; the tick's last stage then writes them to the sockets).
 */
export interface CommitTrace {
  writes: readonly ChatWrite[];
  queuedAt: readonly number[];
  started: number;
  committed: number;
  synced: number;
  told: number;
}
export const COMMIT_CHANNEL = 'hearth:live.chat-commit';
const commitChannel = channel(COMMIT_CHANNEL);

/** The marks of one batch, taken only while tracing (`marks` is null otherwise). */
export interface CommitMarks {
  started: number;
  committed: number;
  synced: number;
}

/** Fresh marks for a batch starting now, or null when nobody subscribes. */
export function startMarks(): CommitMarks | null {
  if (!commitChannel.hasSubscribers) return null;
  const now = performance.now();
  return { started: now, committed: now, synced: now };
}

/** Publishes a batch that was just told (its marks were taken: tracing was on). */
export function publishTrace(
  marks: CommitMarks,
  batch: readonly { write: ChatWrite; at?: number }[],
): void {
  const trace: CommitTrace = {
    writes: batch.map((p) => p.write),
    queuedAt: batch.map((p) => p.at ?? marks.started),
    started: marks.started,
    committed: marks.committed,
    synced: marks.synced,
    told: performance.now(),
  };
  commitChannel.publish(trace);
}
