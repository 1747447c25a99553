import { describe, expect, it } from 'vitest';
import { keepMarks, narrowOf, narrowPays, narrowPaysByShare, snippetOf } from './prefix-narrow';

describe('narrowOf', () => {
  it('narrows a plain prefix of 4+ letters through its first 3, folded', () => {
    expect(narrowOf(['vivi', 'kalo'], true)).toEqual({
      match: '"vivi" "kal"*',
      prefix: 'kalo',
      whole: ['vivi'],
    });
    expect(narrowOf(['crème'], true)).toMatchObject({ match: '"cre"*', prefix: 'creme' });
  });

  it('leaves to FTS5 what an index serves or what it cannot fold for sure', () => {
    expect(narrowOf(['kal'], true)).toBeUndefined();
    expect(narrowOf(['kalo'], false)).toBeUndefined();
    expect(narrowOf(['søren'], true)).toBeUndefined();
    expect(narrowOf(['日本語です'], true)).toBeUndefined();
  });
});

describe('keepMarks', () => {
  const narrow = narrowOf(['vivi', 'kalo'], true)!;
  const h = (text: string, words: string[]) => ({
    text,
    marks: words.map((w): [number, number] => [text.indexOf(w), text.indexOf(w) + w.length]),
  });

  it('keeps words of the query, drops the cut prefix’s others, says which matched it', () => {
    expect(keepMarks(h('Vivi ate a Kalamata', ['Vivi', 'Kalamata']), narrow)).toEqual({
      kept: h('Vivi ate a Kalamata', ['Vivi']),
      prefixed: false,
    });
    expect(keepMarks(h('a KALÖRIC kalimba', ['KALÖRIC', 'kalimba']), narrow)).toEqual({
      kept: h('a KALÖRIC kalimba', ['KALÖRIC']),
      prefixed: true,
    });
  });

  it('is not sure of a word it cannot fold like FTS5 within the prefix', () => {
    expect(keepMarks(h('the kaløs', ['kaløs']), narrow)).toBeNull();
  });
});

describe('snippetOf', () => {
  it('cuts about 16 words around the first mark, with ellipses and marks moved', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const text = words.join(' ');
    const at = text.indexOf('w10');
    const s = snippetOf({ text, marks: [[at, at + 3]] });
    expect(s.text).toBe(`…${words.slice(8, 24).join(' ')}…`);
    expect(s.text.slice(s.marks[0]![0], s.marks[0]![1])).toBe('w10');
    // Near the end, the window ends with the text.
    const end = text.indexOf('w38');
    expect(snippetOf({ text, marks: [[end, end + 3]] }).text).toBe(`…${words.slice(24).join(' ')}`);
    const short = { text: 'a b c', marks: [[2, 3]] as [number, number][] };
    expect(snippetOf(short)).toEqual(short);
  });
});

describe('narrowPays', () => {
  it('only for a word common enough that its merge costs more than the candidates', () => {
    // 16th newest match 20 rows back in 1,000,000: ~800,000 matches.
    expect(narrowPays(999_980, 1_000_000, 21, 60)).toBe(true);
    // 16th newest 100,000 rows back: ~160 matches, cheap to merge.
    expect(narrowPays(900_000, 1_000_000, 21, 60)).toBe(false);
    expect(narrowPays(undefined, 1_000_000, 21, 60)).toBe(false);
  });
});

describe('narrowPaysByShare', () => {
  it('when the whole word is at least a fifth of its 3-character prefix, however rare', () => {
    // "kalo" 16th newest 40 back, "kal"* 30 back: most "kal" words are "kalo".
    expect(narrowPaysByShare(999_960, 999_970, 1_000_000)).toBe(true);
    // A rare word (~1,600 matches) that is half of its prefix's: still narrowed.
    expect(narrowPaysByShare(990_000, 995_000, 1_000_000)).toBe(true);
    // A common prefix (~160,000 matches) of which the word is ~1 %: the exact merge.
    expect(narrowPaysByShare(990_000, 999_900, 1_000_000)).toBe(false);
    expect(narrowPaysByShare(undefined, 999_900, 1_000_000)).toBe(false);
    expect(narrowPaysByShare(999_000, undefined, 1_000_000)).toBe(true);
  });
});
