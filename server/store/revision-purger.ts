import { isDatabaseBusy } from '../../db/sqlite-errors';
import type { Logger } from '../logging/logger';
import type { RevisionsStore } from './revisions.store';

export interface RevisionPurger {
  /** One pass now (tests, with the controllable clock): how many revisions went. */
  runOnce(): number;
  stop(): void;
}

const FIRST_RUN_MS = 5000;
const EVERY_MS = 60 * 60 * 1000;
const BATCH = 1000;
const NEXT_BATCH_MS = 10;
const LOCKED_RETRY_MS = 60_000;

/**
 * Removes the revisions of deleted items 30 days after the delete (`revisions.purge_at_ms`),
 * so a deleted post's, comment's or message's text leaves the database for good. Hourly, in
 * batches, on the main connection; like the event-log pruner, started and stopped with the
 * database. Its clock is the server's (tests move it).
 */
export function startRevisionPurger(
  revisions: Pick<RevisionsStore, 'purgeDue'>,
  options: { clock: () => number; log: Logger },
): RevisionPurger {
  const { clock, log } = options;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const runOnce = (): number => {
    let total = 0;
    for (;;) {
      const n = revisions.purgeDue(clock(), BATCH);
      total += n;
      if (n < BATCH) return total;
    }
  };
  const schedule = (ms: number): void => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = (): void => {
    timer = null;
    if (stopped) return;
    try {
      const deleted = revisions.purgeDue(clock(), BATCH);
      if (deleted > 0) log.debug('revisions purged', { deleted });
      schedule(deleted === BATCH ? NEXT_BATCH_MS : EVERY_MS);
    } catch (err) {
      const busy = isDatabaseBusy(err);
      if (busy) log.warn('revision purge postponed: the database is locked');
      else log.error('revision purge failed', { err });
      schedule(busy ? LOCKED_RETRY_MS : EVERY_MS);
    }
  };
  schedule(FIRST_RUN_MS);
  return {
    runOnce,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
