import { isDatabaseBusy } from '../../db/sqlite-errors';
import type { Logger } from '../logging/logger';

/** What the pruner needs of the event log (`events/event-log.ts`). */
export interface PrunableLog {
  /** Deletes up to `batch` of the oldest rows past the bounds; returns how many. */
  prune(options: { retentionMs: number; maxRows: number; batch: number }): number;
}

export interface EventLogPruner {
  stop(): void;
}

const FIRST_RUN_MS = 5000;
const EVERY_MS = 10 * 60 * 1000;
const BATCH = 5000;
/** After a full batch: more may be due, so the next one comes soon, between requests. */
const NEXT_BATCH_MS = 10;
/** While another program holds the write lock (an admin's sqlite3): not a failure. */
const LOCKED_RETRY_MS = 60_000;

/**
 * Keeps the event log within `retentionMs` and `maxRows` (`live.eventRetentionMs`,
 * `live.eventMaxRows`): every 10 minutes, in batches of BATCH rows on the main connection
 * (short transactions, so no request waits long behind one). Like the WAL checkpointer, it
 * is the store's housekeeping, started and stopped with the database.
 */
export function startEventLogPruner(
  events: PrunableLog,
  options: { retentionMs: number; maxRows: number; log: Logger },
): EventLogPruner {
  const { retentionMs, maxRows, log } = options;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (ms: number): void => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = (): void => {
    timer = null;
    if (stopped) return;
    try {
      const deleted = events.prune({ retentionMs, maxRows, batch: BATCH });
      if (deleted > 0) log.debug('event log pruned', { deleted });
      schedule(deleted === BATCH ? NEXT_BATCH_MS : EVERY_MS);
    } catch (err) {
      const busy = isDatabaseBusy(err);
      if (busy) log.warn('event log pruning postponed: the database is locked');
      else log.error('event log pruning failed', { err });
      schedule(busy ? LOCKED_RETRY_MS : EVERY_MS);
    }
  };
  schedule(FIRST_RUN_MS);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
