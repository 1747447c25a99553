import type { Highlighted } from '../../common/api';
import { PROBE_DEPTH, type FtsProbe } from './fts-probe';
import { asciiSnippet, asciiTokens, matchOf, NOT_ASCII, type QueryTerm } from './ascii-snippet';
import { narrowOf, type Narrow } from './prefix-narrow';

/**
 * (issue 12) Message search with a very common word, checked on the rows instead of walked.
 *
 * FTS5 answers `"kalo" "migo"* AND {people}: u<me>` by stepping through the rarer lists and
 * seeking each of their rows in the common word's doclist ("kalo": 43 % of the bench's
 * 1,000,000 messages): thousands of seeks, each decoding a page of that list, 3–7 ms when
 * the searcher has few such rows. Here the common words are left out of the FTS5 query
 * (the rarest word and the reader filter drive it, newest first, with the whole highlighted
 * text) and checked on each candidate's text instead: a word that is in a fifth of all
 * messages or more is in most candidates, so a page needs few of them. The same holds for
 * any word when the rarest one leaves the searcher few candidates at all (splitCommon's
 * `few`): walking a second word then costs FTS5 its whole doclist, or for a prefix the merge
 * of every word it starts, to drop rows the check drops for a few µs each.
 *
 * The check splits the text as unicode61 does, which is exact only for ASCII text and ASCII
 * words (letters and digits are the token characters, folding is lower-casing). A candidate
 * with anything else is "not sure" and the exact query takes over from it, as after a
 * bounded scan: the rows, their order and the pages are always the exact query's.
 */

/** A word is checked on the rows when at least this share of all messages holds it. */
export const CHECK_SHARE = 0.2;

const ASCII_WORD = /^[a-z0-9]+$/;

/** How many rows hold `word` (as a prefix: `prefix`) and of how many, roughly, from the index's probe. */
export const wordCount =
  (probe: FtsProbe) =>
  (word: string, prefix = false): { count: number; of: number } => {
    const { kth, newest } = probe.kth(word, prefix);
    const count = kth === undefined ? 0 : (PROBE_DEPTH * newest) / Math.max(1, newest - kth + 1);
    return { count, of: newest };
  };

/**
 * The query split into the words FTS5 walks (the rarest and every uncommon one) and the
 * common ASCII words checked on the rows (bit i: terms[i]); null when none is worth it.
 * `few`: whether the rarest term alone, with the reader filter, leaves so few candidates that
 * every other ASCII word is checked on them, common or not ("fely lolo": "fely" is in 4,625
 * of the bench's 1,000,000 messages, 6 of them the searcher's; FTS5 walking "lolo"* too
 * merged the doclists of every word starting with it, 154,000 messages, 2 ms).
 */
export function splitCommon(
  terms: readonly QueryTerm[],
  count: (word: string) => { count: number; of: number },
  few?: (rarest: QueryTerm, counted: { count: number; of: number }) => boolean,
): { walked: QueryTerm[]; checked: number } | null {
  if (terms.length < 2) return null;
  const counts = terms.map((t) => count(t.word));
  const rarest = counts.reduce((best, c, i) => (c.count < counts[best]!.count ? i : best), 0);
  const all = few?.(terms[rarest]!, counts[rarest]!) === true;
  const common = (i: number) =>
    i !== rarest &&
    ASCII_WORD.test(terms[i]!.word) &&
    counts[i]!.of > 0 &&
    (all || counts[i]!.count >= CHECK_SHARE * counts[i]!.of);
  const checked = terms.reduce((bits, _, i) => (common(i) ? bits | (1 << i) : bits), 0);
  if (checked === 0) return null;
  return { walked: terms.filter((_, i) => !common(i)), checked };
}

/**
 * The hit's snippet when the candidate row's `text` holds every checked word (terms[i] is
 * checked when bit i of `checked` is set): FTS5's own snippet for the whole query
 * (ascii-snippet.ts); null when a checked word is missing, undefined when not sure (the text
 * is not ASCII).
 */
export function checkRow(
  text: string,
  terms: readonly QueryTerm[],
  checked: number,
): Highlighted | null | undefined {
  if (NOT_ASCII.test(text)) return undefined;
  const tokens = asciiTokens(text, terms);
  let found = 0;
  for (const t of tokens) found |= t.phrases;
  return (found & checked) === checked ? asciiSnippet(text, tokens) : null;
}

/** Candidates read at most for a page of `limit` (a fifth verifies: ~5 per row wanted). */
export const checkedScan = (limit: number): number => 5 * limit + 32;

/**
 * The walked words' FTS5 query, with their last word's long prefix cut to its 3-character
 * index (prefix-narrow.ts) when `pays` says so, and then checked on the rows with the common
 * words (its bit added to `checked`). "kalo milo": "kalo" is checked, and "milo"* alone made
 * FTS5 merge the doclists of every word starting with "milo" (115,000 messages) before the
 * first row, 6 ms; "mil"* is read lazily, newest first, and most of its rows hold "milo".
 */
export function narrowWalked(
  terms: readonly QueryTerm[],
  split: { walked: QueryTerm[]; checked: number },
  pays: (narrow: Narrow) => boolean,
): { match: string; checked: number } {
  const last = terms.length - 1;
  const walkedLast = split.walked.at(-1);
  if (walkedLast !== terms[last] || !walkedLast?.prefix) {
    return { match: matchOf(split.walked), checked: split.checked };
  }
  const narrow = narrowOf(
    split.walked.map((t) => t.word),
    true,
  );
  if (!narrow || !ASCII_WORD.test(walkedLast.word) || !pays(narrow)) {
    return { match: matchOf(split.walked), checked: split.checked };
  }
  return { match: narrow.match, checked: split.checked | (1 << last) };
}
