import type { Db } from '../../db/open-db';

/** How many of a term's newest matches a probe reads. */
export const PROBE_DEPTH = 16;
const PROBE_TTL_MS = 60_000;
const PROBE_CACHE = 4000;

/**
 * How common a word or a prefix is in one FTS5 index, roughly: its PROBE_DEPTH-th newest
 * match (a few rowids read newest first) beside the content's newest id, so that about
 * PROBE_DEPTH × newest / (newest − kth + 1) rows hold it. Only choices of plan depend on it
 * (prefix-narrow.ts, message-checked.ts: every plan gives the same rows), so the answers are
 * kept per term for a minute, at most PROBE_CACHE of them: a query typed again, or the same
 * word in another query, costs no probe.
 */
export interface FtsProbe {
  /** `word` (a prefix when `prefix`): its PROBE_DEPTH-th newest match, undefined if fewer. */
  kth(word: string, prefix?: boolean): { kth: number | undefined; newest: number };
}

export function createFtsProbe(db: Db, fts: string, content: string, column = ''): FtsProbe {
  const kth = db
    .prepare<[string], number>(
      `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ${PROBE_DEPTH - 1}`,
    )
    .pluck();
  const newest = db.prepare<[], number | null>(`SELECT max(id) FROM ${content}`).pluck();
  const known = new Map<string, { kth: number | undefined; newest: number }>();
  let since = Date.now();
  return {
    kth: (word, prefix = false) => {
      const now = Date.now();
      if (now - since > PROBE_TTL_MS || known.size >= PROBE_CACHE) {
        known.clear();
        since = now;
      }
      const term = `${column}"${word}"${prefix ? '*' : ''}`;
      let found = known.get(term);
      if (found === undefined) {
        found = { kth: kth.get(term), newest: newest.get() ?? 0 };
        known.set(term, found);
      }
      return found;
    },
  };
}
