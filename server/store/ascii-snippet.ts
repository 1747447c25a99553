import type { Highlighted } from '../../common/api';

/**
 * FTS5's snippet(), in JS, for ASCII text: what `snippet(tbl, col, open, close, '…', tokens)`
 * gives for a row of a query of single-word phrases (search-query.ts writes only those), as
 * parseMarked reads it. For ASCII text unicode61 (remove_diacritics 2) splits exactly at
 * what is not a letter or digit and folds by lower-casing, so the tokens, the phrase matches
 * and so the chosen window are FTS5's own: the same scoring (1,000 per phrase first seen in
 * the window, 1 per repeat; a window starting at a sentence 100 more, at the text's start
 * 120), the same centring and clamping, the same '…'. (ext/fts5/fts5_aux.c,
 * fts5SnippetFunction; ascii-snippet.test.ts holds it against SQLite's.)
 */

/** A word of a query as search-query.ts writes it: `"word"`, the last one maybe `"word"*`. */
export interface QueryTerm {
  word: string;
  prefix: boolean;
}

/** The terms of an FTS5 query written by toSearchQuery (quoted words, nothing else). */
export const termsOf = (match: string): QueryTerm[] =>
  [...match.matchAll(/"([^"]*)"(\*?)/g)].map((m) => ({ word: m[1]!, prefix: m[2] === '*' }));

/** The FTS5 query for `terms` (search-query.ts's form). */
export const matchOf = (terms: readonly QueryTerm[]): string =>
  terms.map((t) => `"${t.word}"${t.prefix ? '*' : ''}`).join(' ');

/** A word of ASCII text as unicode61 splits it: a run of letters and digits. */
const TOKEN = /[A-Za-z0-9]+/g;
/** A character past ASCII: then only FTS5 can say how the text splits and folds. */
export const NOT_ASCII = /[^\p{ASCII}]/u;

/** The words FTS5 indexes for ASCII `text`: split as unicode61 splits it, folded to lower case. */
export const asciiWords = (text: string): string[] => text.toLowerCase().match(TOKEN) ?? [];

export interface Token {
  start: number;
  end: number;
  /** Which of the query's terms it matches (bit i: term i), 0 for none. */
  phrases: number;
}

/** The tokens of ASCII `text` and which of `terms` each matches. */
export function asciiTokens(text: string, terms: readonly QueryTerm[]): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0].toLowerCase();
    let phrases = 0;
    terms.forEach((t, i) => {
      if (t.prefix ? word.startsWith(t.word) : word === t.word) phrases |= 1 << i;
    });
    tokens.push({ start: m.index, end: m.index + m[0].length, phrases });
  }
  return tokens;
}

/** Token positions that start a sentence: the first, and one after '.' or ':' and a space. */
function sentenceStarts(text: string, tokens: readonly Token[]): number[] {
  const starts = [0];
  for (let p = 1; p < tokens.length; p++) {
    let i = tokens[p]!.start - 1;
    while (i >= 0 && ' \t\n\r'.includes(text[i]!)) i--;
    if (i !== tokens[p]!.start - 1 && (text[i] === '.' || text[i] === ':')) starts.push(p);
  }
  return starts;
}

/** The phrase instances (position, phrase), in FTS5's order (by position, then phrase). */
function instancesOf(tokens: readonly Token[]): [number, number][] {
  const out: [number, number][] = [];
  tokens.forEach((t, pos) => {
    for (let bits = t.phrases, ip = 0; bits; bits >>= 1, ip++) if (bits & 1) out.push([pos, ip]);
  });
  return out;
}

/** fts5SnippetScore: the window [from, from + n)'s score, and where FTS5 would centre it. */
function score(
  inst: readonly [number, number][],
  size: number,
  from: number,
  n: number,
): { score: number; adjusted: number } {
  const seen = new Set<number>();
  let total = 0;
  let first = -1;
  let last = 0;
  for (const [pos, ip] of inst) {
    if (pos < from || pos >= from + n) continue;
    total += seen.has(ip) ? 1 : 1000;
    seen.add(ip);
    if (first < 0) first = pos;
    last = pos + 1;
  }
  let adjusted = first - Math.trunc((n - (last - first)) / 2);
  if (adjusted + n > size) adjusted = size - n;
  return { score: total, adjusted: Math.max(0, adjusted) };
}

/**
 * snippet(…, '…', n) of ASCII `text` for a query's terms (phrase i = term i), from its
 * asciiTokens, as parseMarked gives it.
 */
export function asciiSnippet(text: string, tokens: readonly Token[], n = 16): Highlighted {
  const size = tokens.length;
  const inst = instancesOf(tokens);
  const sentences = sentenceStarts(text, tokens);
  let best = 0;
  let start = 0;
  for (const [pos] of inst) {
    const s = score(inst, size, pos, n);
    if (s.score > best) [best, start] = [s.score, s.adjusted];
    if (size > n) {
      let jj = 0;
      while (jj < sentences.length - 1 && sentences[jj + 1]! <= pos) jj++;
      const at = sentences[jj]!;
      if (at < pos) {
        const bonus = score(inst, size, at, n).score + (at === 0 ? 120 : 100);
        if (bonus > best) [best, start] = [bonus, at];
      }
    }
  }
  const end = start + n - 1;
  const from = start > 0 ? tokens[start]!.start : 0;
  const lead = start > 0 ? '…' : '';
  const to = end >= size - 1 ? text.length : tokens[end]!.end;
  const marks: [number, number][] = [];
  const shift = lead.length - from;
  for (let p = start; p <= Math.min(end, size - 1); p++) {
    const t = tokens[p]!;
    if (t.phrases) marks.push([t.start + shift, t.end + shift]);
  }
  return { text: lead + text.slice(from, to) + (end >= size - 1 ? '' : '…'), marks };
}

/** highlight() of ASCII `text` for a query's terms, from its asciiTokens: every match marked. */
export const asciiHighlight = (text: string, tokens: readonly Token[]): Highlighted => ({
  text,
  marks: tokens.filter((t) => t.phrases).map((t): [number, number] => [t.start, t.end]),
});

/**
 * A narrowed candidate (prefix-narrow.ts: FTS5 matched the earlier words and the prefix's
 * first 3 characters) checked here when all its texts are ASCII: whether a word of one of
 * them starts with the whole prefix (the last term), and each text's tokens for FTS5's own
 * highlight and snippet; undefined when a text is not ASCII (FTS5's marks decide then).
 */
export function asciiNarrowed(
  texts: readonly string[],
  terms: readonly QueryTerm[],
): { prefixed: boolean; tokens: Token[][] } | undefined {
  if (texts.some((t) => NOT_ASCII.test(t))) return undefined;
  const last = 1 << (terms.length - 1);
  const tokens = texts.map((t) => asciiTokens(t, terms));
  return { prefixed: tokens.some((ts) => ts.some((t) => t.phrases & last)), tokens };
}
