/**
 * (issue 12) asciiSnippet must be FTS5's snippet() for ASCII text: the same window, words,
 * marks and '…', held here against SQLite's own on random texts with sentences, punctuation,
 * case, digits and repeated words, for one to three words, the last one a prefix or not.
 */
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/open-db';
import { asciiSnippet, asciiTokens, type QueryTerm } from './ascii-snippet';
import { MARKS_SQL, parseMarked } from './highlight';

const WORDS = 'kalo kalomi migo lolo relo sa ti Kalo MIGO x9 42 lol'.split(' ');
const GLUE = [' ', ' ', ' ', '  ', '. ', ': ', ', ', '.', ':', '\n', '! ', ' - ', '.\t', "'"];

function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('asciiSnippet', () => {
  it('gives what FTS5 snippet() gives, window, marks and ellipses included', () => {
    const db = openDb(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    );
    const r = rng(7);
    const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
    const insert = db.prepare('INSERT INTO t (rowid, body) VALUES (?, ?)');
    const texts = new Map<number, string>();
    for (let id = 1; id <= 400; id++) {
      let text = r() < 0.2 ? pick(GLUE) : '';
      const n = 1 + Math.floor(r() * 45);
      for (let i = 0; i < n; i++) text += pick(WORDS) + (i < n - 1 || r() < 0.3 ? pick(GLUE) : '');
      texts.set(id, text);
      insert.run(id, text);
    }
    const snippet = db.prepare<[string], { id: number; s: string }>(
      `SELECT rowid AS id, snippet(t, 0, ${MARKS_SQL}, '…', 16) AS s FROM t WHERE t MATCH ?`,
    );
    const queries: QueryTerm[][] = [
      [{ word: 'kalo', prefix: false }],
      [{ word: 'kalo', prefix: true }],
      [{ word: 'lo', prefix: true }],
      [
        { word: 'migo', prefix: false },
        { word: 'kal', prefix: true },
      ],
      [
        { word: 'kalo', prefix: false },
        { word: 'relo', prefix: false },
        { word: 'sa', prefix: true },
      ],
      [
        { word: 'x9', prefix: false },
        { word: '42', prefix: false },
      ],
    ];
    let compared = 0;
    for (const terms of queries) {
      const match = terms.map((t) => `"${t.word}"${t.prefix ? '*' : ''}`).join(' ');
      for (const row of snippet.all(match)) {
        const text = texts.get(row.id)!;
        expect(asciiSnippet(text, asciiTokens(text, terms)), `${match} #${row.id}`).toEqual(
          parseMarked(row.s),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
    db.close();
  });
});
