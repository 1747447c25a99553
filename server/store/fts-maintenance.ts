import type { Db } from '../../db/open-db';
import { isDatabaseBusy } from '../../db/sqlite-errors';
import type { Logger } from '../logging/logger';
import { FtsMerger } from './fts-merger';

export interface FtsMaintenance {
  stop(): void;
}

const FIRST_RUN_MS = 5000;
/**
 * How often it looks whether writes came since the last round: on a busy host a round every
 * 10 s merges the few small segments written meanwhile (FTS5's automerge, which works by
 * pages written, leaves up to 16 one-row segments on the lowest level).
 */
const CHECK_MS = 10_000;
/**
 * A step runs only when no write committed during the last QUIET_MS: between the writes of
 * a busy host (a comment every 100 ms leaves it idle most of the time), never right after one.
 */
const QUIET_MS = 50;
/** Between two steps the event loop gets at least as long as the last step took. */
const MIN_GAP_MS = 1;
/** While another program holds the write lock (an admin's sqlite3): not a failure. */
const LOCKED_RETRY_MS = 60_000;

/**
 * Keeps the FTS5 indexes in few segments (fts-merger.ts): each word a search looks up is
 * looked up in every segment, and FTS5's own automerge leaves 10–17 of them on a large
 * forum (bench/README.md, "FTS5 index maintenance"). It works only while the host is idle:
 * a round starts soon after start and then whenever writes came since the last one; each
 * step only when no write has committed on this connection for QUIET_MS (`total_changes()`
 * stands still); between two bounded steps (its own transactions on the main connection, like the event
 * log's pruner) the event loop goes on, and a write seen meanwhile puts the rest off until
 * the host is quiet again. Like the WAL checkpointer, it is the store's housekeeping,
 * started and stopped with the database; `stop()` leaves a merge half done in the index,
 * which the next start carries on.
 */
export function startFtsMaintenance(db: Db, options: { log: Logger }): FtsMaintenance {
  const { log } = options;
  const merger = new FtsMerger(db);
  const total = db.prepare<[], number>('SELECT total_changes()').pluck();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let inRound = false;
  let wroteSinceRound = true;
  let seen = -1;
  let steps = 0;
  let longestMs = 0;
  const schedule = (ms: number): void => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = (): void => {
    timer = null;
    if (stopped || !db.open) return;
    try {
      const now = total.get() ?? 0;
      if (now !== seen || db.inTransaction) {
        // Someone wrote since the last look (a step of ours leaves `seen` equal).
        if (seen !== -1) wroteSinceRound = true;
        seen = now;
        schedule(QUIET_MS);
        return;
      }
      if (!inRound) {
        if (!wroteSinceRound) return schedule(CHECK_MS);
        inRound = true;
        wroteSinceRound = false;
        merger.startRound();
      }
      const step = merger.step();
      seen = total.get() ?? 0;
      if (step === null) {
        inRound = false;
        if (steps > 0) log.debug('search indexes merged', { steps, longestMs });
        steps = 0;
        longestMs = 0;
        return schedule(CHECK_MS);
      }
      steps++;
      longestMs = Math.max(longestMs, Math.round(step.ms));
      schedule(Math.max(MIN_GAP_MS, Math.ceil(step.ms)));
    } catch (err) {
      inRound = false;
      seen = -1;
      const busy = isDatabaseBusy(err);
      // Locked: the same round again later. Failed: not before new writes (no error loop).
      wroteSinceRound = busy;
      if (busy) log.warn('search index maintenance postponed: the database is locked');
      else log.error('search index maintenance failed', { err });
      schedule(busy ? LOCKED_RETRY_MS : CHECK_MS);
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
