import type { Highlighted } from '../../common/api';
import { PROBE_DEPTH, type FtsProbe } from './fts-probe';

/**
 * A long prefix without an FTS5 prefix index, searched through the 3-character one.
 *
 * The indexes keep prefix tables for 2 and 3 characters (db migration 012). A longer prefix
 * ("kalo"*) makes FTS5 merge the whole doclist of every word it starts before it yields a
 * row: with a common word that is hundreds of thousands of entries, milliseconds per kind,
 * however few rows are wanted. Longer prefix tables would make every write dearer (each
 * word of each chat message is indexed once more per table). So the search asks for the
 * 3-character prefix instead ("kal"*, which FTS5 reads lazily, newest first), keeps the rows
 * where a matched word really starts with the whole prefix, and stops at a page. Past a
 * bounded scan, or at a word whose folding it cannot be sure of, it hands the rest of the
 * range to the exact query: the rows, their order and the pages are the exact query's.
 *
 * It pays for a common prefix (the exact query's merge costs about one step per matching
 * word in the index, the narrowed one a highlight() per candidate read, and the candidates
 * needed for a page go down as the prefix gets commoner), and whenever most of the
 * 3-character prefix's rows hold the whole prefix (few candidates per row wanted).
 * createNarrowProbe estimates both from the newest few rows holding the prefix as a whole
 * word and the 3-character prefix (and, for a 4-character prefix, from the text of the
 * 3-character prefix's newest rows: fts-probe.ts share()).
 */
export interface Narrow {
  /** The FTS5 query with the last word's prefix cut to 3 characters. */
  match: string;
  /** The whole prefix, folded (lower case, no diacritics, ASCII letters and digits). */
  prefix: string;
  /** The earlier (whole) words, folded: their marks stay too. */
  whole: readonly string[];
}

/**
 * Candidate rows read at most, past the page, before the exact query takes over. Small: when
 * the prefix's words are a small share of the 3-character prefix's, they are rarely common
 * enough to make the exact query dear, and each candidate costs a highlight().
 */
export const NARROW_EXTRA_SCAN = 32;

/**
 * Whether narrowing pays for a page of `limit` rows of a table whose newest row is `newest`,
 * where the prefix as a whole word has its PROBE_DEPTH-th newest match at `kth`:
 * matches ≈ depth × newest / span; exact cost ≈ matches, narrowed ≈ (limit + 1) × newest /
 * matches candidates, each costing as much as merging `highlightCost` entries (measured:
 * ~35 ns an entry; a highlight() ~2 µs for a chat message, ~10 µs for a post).
 */
export function narrowPays(
  kth: number | undefined,
  newest: number | null | undefined,
  limit: number,
  highlightCost: number,
): boolean {
  if (kth === undefined || !newest) return false;
  const matches = (PROBE_DEPTH * newest) / Math.max(1, newest - kth + 1);
  return matches * matches > (limit + 1) * newest * highlightCost;
}

/** See narrowPaysByShare. */
export const NARROW_SHARE = 5;

/**
 * The other reason to narrow: enough of the candidates verify. The exact plan merges the
 * whole doclist of every word the prefix starts, which costs thousands of steps even for a
 * word far from the commonest; the narrowed plan reads the 3-character prefix's rows newest
 * first and keeps those with the whole prefix, so it needs about NARROW_SHARE candidates per
 * row wanted when the prefix's whole word is at least 1/NARROW_SHARE of the 3-character
 * prefix's matches. (Measured on the bench's 100,000 posts, 300,000 comments and 1,000,000
 * messages, the bench's queries: 30–38 % less CPU than narrowPays alone, within ~10 % of
 * the better plan per query; for messages the reader filter makes candidates cheaper still.)
 * `kth`, `kth3`: the PROBE_DEPTH-th newest match of the whole word and of its first 3
 * characters as a prefix.
 */
export function narrowPaysByShare(
  kth: number | undefined,
  kth3: number | undefined,
  newest: number | null | undefined,
): boolean {
  if (kth === undefined || !newest) return false;
  if (kth3 === undefined) return true;
  // matches ≈ PROBE_DEPTH × newest / span, span = newest − kth + 1: the share is a spans' ratio.
  return NARROW_SHARE * (newest - kth3 + 1) >= newest - kth + 1;
}

/**
 * Whether narrowing pays for a page of `limit`, asked of `probe` (the index's, fts-probe.ts)
 * about the whole prefix as a word and about its first 3 characters: either reason will do.
 * `highlightCost`: see narrowPays.
 */
export function createNarrowProbe(probe: FtsProbe, highlightCost: number) {
  return (narrow: Narrow, limit: number): boolean => {
    const { kth, newest } = probe.kth(narrow.prefix);
    if (narrowPays(kth, newest, limit, highlightCost)) return true;
    if (narrowPaysByShare(kth, probe.kth(narrow.prefix.slice(0, 3), true).kth, newest)) return true;
    // The whole word's share is only a lower bound of the prefix's: far off when many longer
    // words start with the prefix ("fego": the word alone 0.2 of "feg"*, the words starting
    // with it all of them), which is likeliest one character past the index (the most words
    // start with it, and its exact plan merges them all: ~1–3 ms of messages against ~0.2
    // narrowed). There the share is read from the 3-character prefix's newest rows where the
    // probe can (fts-probe.ts share(): ~100 µs, kept per prefix); longer prefixes start few
    // words, and the read would cost more than it saves.
    if (narrow.prefix.length !== 4) return false;
    const sampled = probe.share?.(narrow.prefix);
    return sampled !== undefined && NARROW_SHARE * sampled >= 1;
  };
}

/** As unicode61 with remove_diacritics folds a word, for the letters this is used on. */
export const fold = (word: string): string =>
  /^[\x20-\x7e]*$/.test(word)
    ? word.toLowerCase()
    : word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const ASCII_WORD = /^[a-z0-9]+$/;

/**
 * The narrowed query for FTS5 terms (search-query.ts: quoted words, the last one `"…"*` for
 * a prefix), or undefined when the prefix is served by an index or is not plain ASCII once
 * folded (then only FTS5 can say what it matches).
 */
export function narrowOf(terms: readonly string[], lastIsPrefix: boolean): Narrow | undefined {
  const last = terms.at(-1);
  if (!lastIsPrefix || last === undefined) return undefined;
  const prefix = fold(last);
  if (prefix.length <= 3 || !ASCII_WORD.test(prefix)) return undefined;
  const whole = terms.slice(0, -1);
  return {
    match: [...whole.map((t) => `"${t}"`), `"${prefix.slice(0, 3)}"*`].join(' '),
    prefix,
    whole: whole.map(fold),
  };
}

/**
 * What a marked word is to the whole query: a word starting with the prefix, one of the
 * earlier words, neither (marked only for the cut prefix), or null when folding it here
 * might not agree with FTS5's (a letter outside ASCII within the prefix's length).
 */
function verdict(word: string, narrow: Narrow): 'prefix' | 'whole' | 'neither' | null {
  const f = fold(word);
  if (!ASCII_WORD.test(f.slice(0, narrow.prefix.length))) return null;
  if (f.startsWith(narrow.prefix)) return 'prefix';
  return narrow.whole.includes(f) ? 'whole' : 'neither';
}

/**
 * The marks of `h` that are matches of the whole query, and whether one is the prefix's;
 * null when not sure (see verdict).
 */
export function keepMarks(
  h: Highlighted,
  narrow: Narrow,
): { kept: Highlighted; prefixed: boolean } | null {
  const marks: [number, number][] = [];
  let prefixed = false;
  for (const m of h.marks) {
    const v = verdict(h.text.slice(m[0], m[1]), narrow);
    if (v === null) return null;
    if (v === 'neither') continue;
    marks.push(m);
    prefixed ||= v === 'prefix';
  }
  return { kept: { text: h.text, marks }, prefixed };
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * About `tokens` words of `h` around its first mark, with '…' where it was cut, as FTS5's
 * snippet() gives them (the narrowed rows come with their whole highlighted text).
 */
export function snippetOf(h: Highlighted, tokens = 16): Highlighted {
  const words = [...h.text.matchAll(WORD)].map((m) => [m.index, m.index + m[0].length]);
  if (words.length <= tokens) return h;
  const first = h.marks[0]?.[0] ?? 0;
  const at = Math.max(
    0,
    words.findIndex(([, end]) => end! > first),
  );
  const from = Math.max(0, Math.min(at - 2, words.length - tokens));
  const to = from + tokens - 1;
  const start = from === 0 ? 0 : words[from]![0]!;
  const end = to >= words.length - 1 ? h.text.length : words[to]![1]!;
  const lead = start > 0 ? '…' : '';
  const shift = lead.length - start;
  return {
    text: lead + h.text.slice(start, end) + (end < h.text.length ? '…' : ''),
    marks: h.marks
      .filter(([s, e]) => s >= start && e <= end)
      .map(([s, e]): [number, number] => [s + shift, e + shift]),
  };
}

/**
 * A page of rows newest first through `narrow`: `candidates(match, before)` iterates the
 * kind's rows for a query newest first (ids below `before`), `verify` turns a candidate into
 * its result (null: not a match of the whole query; undefined: not sure), `exact` is the
 * exact query for a page (ids below `before`, at most `limit`); past `maxScan` candidates the
 * exact query takes over (message-checked.ts reads more: its candidates verify less often).
 */
export function narrowedPage<Row extends { id: number }, Hit>(
  narrow: Pick<Narrow, 'match'>,
  page: { before: number; limit: number },
  candidates: (match: string, before: number) => IterableIterator<Row>,
  verify: (row: Row) => Hit | null | undefined,
  exact: (before: number, limit: number) => Hit[],
  maxScan = page.limit + NARROW_EXTRA_SCAN,
): Hit[] {
  const hits: Hit[] = [];
  let scanned = 0;
  let resumeBefore: number | null = null;
  const rows = candidates(narrow.match, page.before);
  try {
    for (const row of rows) {
      const hit = verify(row);
      if (hit === undefined) {
        resumeBefore = row.id + 1;
        break;
      }
      if (hit !== null) hits.push(hit);
      if (hits.length >= page.limit) return hits;
      if (++scanned >= maxScan) {
        resumeBefore = row.id;
        break;
      }
    }
  } finally {
    rows.return?.();
  }
  return resumeBefore === null ? hits : [...hits, ...exact(resumeBefore, page.limit - hits.length)];
}
