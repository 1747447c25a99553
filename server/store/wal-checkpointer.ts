import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/open-db';
import type { Logger } from '../logging/logger';
import { checkpointMarksWanted, publishCheckpoint, type CheckpointMark } from './checkpoint-trace';
import { CHECKPOINT_WORKER_SOURCE } from './wal-checkpoint-worker';

/**
 * Extra passes a round may take to catch up with the writer until the WAL restarts
 * (wal-checkpoint-worker.ts): under the chat bench's load a round took 2–10, most of them
 * empty ones a millisecond apart.
 */
const CATCH_UP_PASSES = 40;
/**
 * A round catches up only once the WAL holds this many frames (128 MiB of 4-KiB pages):
 * each catch-up pass fsyncs the database file while chat batches fsync the WAL, which slows
 * the batches that overlap it, so it runs every few seconds under a steady load rather than
 * every round. Once restarted, the WAL file keeps its size, so the commits that follow
 * overwrite it instead of extending it until it passes this size again.
 */
const CATCH_UP_ABOVE_FRAMES = 32_768;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Takes WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the
 * commit that crosses 1,000 WAL pages, copying megabytes and fsyncing the database file
 * while the event loop waits: measured here, it put 100 ms stalls into chat delivery under
 * load. With this, the server's connection never checkpoints by itself; a worker thread
 * does, every `everyMs`, and once the WAL holds `catchUpAboveFrames` frames catches up with
 * the writer until the WAL restarts (`catchUp` passes at most; 0: one pass a round). If the thread cannot start, automatic checkpoints
 * come back on, so the WAL can never grow without bound.
 */
export async function startWalCheckpointer(
  db: Db,
  options: {
    everyMs: number;
    catchUp?: number;
    catchUpAboveFrames?: number;
    nativeBinding?: string;
    log: Logger;
  },
): Promise<WalCheckpointer> {
  const { log } = options;
  const fallBack = (why: unknown) => {
    log.warn('WAL checkpoints stay on the main thread', { why: String(why) });
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  let worker: Worker;
  try {
    worker = new Worker(CHECKPOINT_WORKER_SOURCE, {
      eval: true,
      workerData: {
        modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: db.name,
        nativeBinding: options.nativeBinding,
        everyMs: options.everyMs,
        catchUp: options.catchUp ?? CATCH_UP_PASSES,
        catchUpAboveFrames: options.catchUpAboveFrames ?? CATCH_UP_ABOVE_FRAMES,
        marks: checkpointMarksWanted(),
      },
    });
  } catch (err) {
    fallBack(err);
    return { stop: async () => undefined };
  }
  let stopped = false;
  const started = await new Promise<boolean>((resolve) => {
    worker.once('message', (m) => resolve(m === 'ready'));
    worker.once('error', (err) => {
      fallBack(err);
      resolve(false);
    });
  });
  if (!started) {
    await worker.terminate();
    return { stop: async () => undefined };
  }
  db.pragma('wal_autocheckpoint = 0');
  worker.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && 'mark' in m) {
      publishCheckpoint((m as { mark: CheckpointMark }).mark);
    } else if (typeof m === 'object' && m !== null && 'error' in m) {
      log.warn('WAL checkpoint failed', { error: (m as { error: string }).error });
    }
  });
  worker.on('error', (err) => {
    if (!stopped) fallBack(err);
  });
  worker.unref();
  return {
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
      const done = new Promise<void>((resolve) => {
        worker.on('message', (m) => m === 'stopped' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await done;
      clearTimeout(timeout);
      await worker.terminate();
    },
  };
}
