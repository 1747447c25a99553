import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/open-db';
import { ftsStructureReader, ftsTables, type FtsStructure } from './fts-structure';

/**
 * Leaf pages one 'merge' step writes, about (FTS5 stops at the first term boundary past
 * it): ~2 ms a step on the bench's database. A step never cuts a term's doclist, so the
 * longest step is set by the largest doclist (a 2-letter prefix of a million messages:
 * bench/README.md, "FTS5 index maintenance").
 */
export const STEP_PAGES = 20;
/**
 * Everything is merged into one segment when the other segments together reach this share
 * of the largest one (1/8): such a merge rewrites the whole index, so it comes only after
 * enough new text to be worth it; each written page is rewritten at most ~9 times by it.
 * Below that, only the small segments are merged with each other ('tidy').
 */
export const FULL_MERGE_SHARE = 8;
/** FTS5's usermerge: a positive 'merge' merges a level from this many segments (default 4). */
const TIDY_USERMERGE = 2;

export type MergePlan = 'continue' | 'full' | 'tidy' | null;

/** What an index needs, from its segments (fts-structure.ts). */
export function planFor(s: FtsStructure | null): MergePlan {
  if (s === null) return null;
  if (s.merging) return 'continue';
  if (s.segments >= 2 && s.restPages * FULL_MERGE_SHARE >= s.largestPages) return 'full';
  if (s.levels.some((l) => l.segments.length >= 2)) return 'tidy';
  return null;
}

interface Index {
  table: string;
  structure: () => FtsStructure | null;
  merge: (pages: number) => void;
  usermerge: () => unknown;
  setUsermerge: () => void;
}

export interface MergeStep {
  table: string;
  plan: Exclude<MergePlan, null>;
  ms: number;
}

/**
 * One bounded step of FTS5 index maintenance at a time (`step()`), on the connection that
 * writes: an `INSERT INTO x(x, rank) VALUES('merge', n)` in its own short transaction. A
 * round (`startRound()`) goes through the database's FTS5 tables, each until FTS5 reports
 * no more work (sqlite3_total_changes moves by less than 2: FTS5 docs, "The 'merge'
 * Command"). A full merge starts with a negative n (every segment onto one level, small ones
 * too) and goes on with positive ones, so that a segment written meanwhile joins the next
 * round instead of restarting this one. A merge stopped between steps stays in the index
 * (its structure record) and the next step, or the next start, continues it. Search results
 * never change: only how the same postings are stored.
 */
export class FtsMerger {
  private readonly indexes: Index[];
  private readonly totalChanges: () => number;
  private readonly synchronous: () => number;
  private readonly setNormal: () => void;
  private readonly done = new Set<string>();
  private current: { index: Index; plan: Exclude<MergePlan, null> } | null = null;

  constructor(private readonly db: Db) {
    this.indexes = ftsTables(db).map((table) => {
      // FTS5 takes these numbers only as INTEGER, and better-sqlite3 binds a number as REAL.
      const merge = db.prepare<[bigint]>(
        `INSERT INTO "${table}" ("${table}", rank) VALUES ('merge', ?)`,
      );
      const tidy = db.prepare(
        `INSERT INTO "${table}" ("${table}", rank) VALUES ('usermerge', ${TIDY_USERMERGE})`,
      );
      const usermerge = db
        .prepare<[], unknown>(`SELECT v FROM "${table}_config" WHERE k = 'usermerge'`)
        .pluck();
      return {
        table,
        structure: ftsStructureReader(db, table),
        merge: (pages) => merge.run(BigInt(pages)),
        usermerge: () => usermerge.get(),
        setUsermerge: () => tidy.run(),
      };
    });
    const total = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.totalChanges = () => total.get() ?? 0;
    const synchronous = db.prepare<[], number>('PRAGMA synchronous').pluck();
    this.synchronous = () => synchronous.get() ?? 2;
    const normal = db.prepare('PRAGMA synchronous = NORMAL');
    this.setNormal = () => normal.run();
  }

  /** Every index is looked at again (after writes). */
  startRound(): void {
    this.done.clear();
  }

  /**
   * One step of work on the first index that needs it, or null when none does this round.
   * Must not run inside a transaction (each step is its own).
   */
  step(): MergeStep | null {
    if (this.db.inTransaction) throw new Error('an FTS merge step runs outside any transaction');
    for (;;) {
      if (this.current === null) {
        const next = this.pick();
        if (next === null) return null;
        this.current = next;
      }
      const { index, plan } = this.current;
      const started = performance.now();
      const worked = this.mergeOnce(index, plan);
      const ms = performance.now() - started;
      if (worked) {
        // The negative step started it; positive ones carry it on.
        if (plan === 'full') this.current = { index, plan: 'continue' };
        return { table: index.table, plan, ms };
      }
      this.done.add(index.table);
      this.current = null;
    }
  }

  private pick(): { index: Index; plan: Exclude<MergePlan, null> } | null {
    for (const index of this.indexes) {
      if (this.done.has(index.table)) continue;
      const plan = planFor(index.structure());
      if (plan !== null) return { index, plan };
      this.done.add(index.table);
    }
    return null;
  }

  /** One 'merge' (a transaction of its own): whether FTS5 did any work. */
  private mergeOnce(index: Index, plan: Exclude<MergePlan, null>): boolean {
    // An index reorganised, nothing anyone was told about: it need not be on the disk before
    // the event loop goes on. The next FULL commit's fsync of the WAL covers its frames, and
    // a step lost to a power cut leaves the index as it was before it (db/README.md, "Commits
    // and fsync"; wal-sync.ts does the same for the chat batches).
    const was = this.synchronous();
    if (was > 1) this.setNormal();
    try {
      if (plan === 'tidy' && Number(index.usermerge() ?? 4) !== TIDY_USERMERGE) {
        index.setUsermerge();
      }
      const before = this.totalChanges();
      index.merge(plan === 'full' ? -STEP_PAGES : STEP_PAGES);
      return this.totalChanges() - before >= 2;
    } finally {
      if (was > 1) this.db.pragma(`synchronous = ${was}`);
    }
  }
}

/** Runs maintenance to its end now (the bench's seeded copy; tests): what it took. */
export function mergeFtsIndexesNow(db: Db): { steps: number; ms: number; longestStepMs: number } {
  const merger = new FtsMerger(db);
  const started = performance.now();
  let steps = 0;
  let longestStepMs = 0;
  merger.startRound();
  for (let step = merger.step(); step !== null; step = merger.step()) {
    steps++;
    longestStepMs = Math.max(longestStepMs, step.ms);
  }
  return { steps, ms: performance.now() - started, longestStepMs };
}
