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
  /**
   * Of the newest SHARE_SAMPLE rows matching the first 3 characters of `prefix` (folded,
   * ASCII, longer than 3) as a prefix, the share that has a word starting with the whole
   * `prefix`: how many of the narrowed plan's candidates verify (prefix-narrow.ts).
   * Undefined when that prefix has no rows, or the probe was made without a text column.
   */
  share?(prefix: string): number | undefined;
}

/** Rows read for share(): one reading of their text per prefix a minute (~4 µs a row). */
export const SHARE_SAMPLE = 24;

const WORDS = /[\p{L}\p{N}\p{M}]+/gu;
const PLAIN = /^[\t\n\r\x20-\x7e]*$/;

/**
 * `text`: SQL for the text the index holds for row `f.rowid`, read straight from the table
 * (through the FTS5 table's own content, a view for messages, a row costs ~10 µs); for
 * share(), without it no share().
 */
export function createFtsProbe(
  db: Db,
  fts: string,
  content: string,
  column = '',
  text?: string,
): FtsProbe {
  const kth = db
    .prepare<[string], number>(
      `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ${PROBE_DEPTH - 1}`,
    )
    .pluck();
  const newest = db.prepare<[], number | null>(`SELECT max(id) FROM ${content}`).pluck();
  const known = new Map<string, { kth: number | undefined; newest: number }>();
  const shares = new Map<string, number | undefined>();
  let since = Date.now();
  const fresh = () => {
    const now = Date.now();
    if (now - since > PROBE_TTL_MS || known.size + shares.size >= PROBE_CACHE) {
      known.clear();
      shares.clear();
      since = now;
    }
  };
  const sample =
    text === undefined
      ? null
      : db
          .prepare<[string], string | null>(
            `SELECT (${text}) FROM ${fts} f WHERE ${fts} MATCH ? ORDER BY f.rowid DESC LIMIT ${SHARE_SAMPLE}`,
          )
          .pluck();
  const probe: FtsProbe = {
    kth: (word, prefix = false) => {
      fresh();
      const term = `${column}"${word}"${prefix ? '*' : ''}`;
      let found = known.get(term);
      if (found === undefined) {
        found = { kth: kth.get(term), newest: newest.get() ?? 0 };
        known.set(term, found);
      }
      return found;
    },
  };
  if (sample) {
    probe.share = (prefix) => {
      fresh();
      if (shares.has(prefix)) return shares.get(prefix);
      const texts = sample.all(`${column}"${prefix.slice(0, 3)}"*`);
      // Words split and folded as unicode61 does (the prefix is ASCII letters and digits): an
      // estimate for a choice of plan, never a filter of rows.
      const atWordStart = new RegExp(`(?:^|[^a-z0-9])${prefix}`);
      const held = texts.filter((t) =>
        t === null
          ? false
          : PLAIN.test(t)
            ? atWordStart.test(t.toLowerCase())
            : t.match(WORDS)?.some((w) => fold(w).startsWith(prefix)),
      ).length;
      const share = texts.length === 0 ? undefined : held / texts.length;
      shares.set(prefix, share);
      return share;
    };
  }
  return probe;
}

/** As prefix-narrow.ts folds (no import: it imports this module). */
const fold = (word: string): string =>
  /^[\x20-\x7e]*$/.test(word)
    ? word.toLowerCase()
    : word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
