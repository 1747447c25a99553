import { channel } from 'node:diagnostics_channel';

/**
 * One WAL checkpoint of the checkpoint thread (wal-checkpointer.ts), published on
 * `CHECKPOINT_CHANNEL` for a bench that correlates the chat batches' fsyncs with the
 * checkpoints' (bench/support/live-trace.ts). The thread posts its marks only when something
 * subscribed before the server started: otherwise it posts nothing.
 * Times are epoch ms (performance.timeOrigin + now, comparable across threads).
 */
export interface CheckpointMark {
  startedAt: number;
  endedAt: number;
  /** Frames in the WAL when it ran, and how many of them are now in the database file. */
  walFrames: number;
  copied: number;
  /** 1 when it could not run at all (another checkpoint, or a lock). */
  busy: number;
  /** The WAL header's checkpoint sequence number: +1 at each restart (-1: no WAL file). */
  walRestarts: number;
}
export const CHECKPOINT_CHANNEL = 'hearth:db.checkpoint';
const checkpointChannel = channel(CHECKPOINT_CHANNEL);

/** Whether a bench listens (decided once, when the checkpoint thread starts). */
export function checkpointMarksWanted(): boolean {
  return checkpointChannel.hasSubscribers;
}

export function publishCheckpoint(mark: CheckpointMark): void {
  checkpointChannel.publish(mark);
}
