/**
 * (issue 12) Which words of a message query FTS5 walks and which are checked on the rows
 * (message-checked.ts splitCommon): the common ones always, and every other ASCII word when
 * the rarest one leaves few candidates.
 */
import { describe, expect, it } from 'vitest';
import { termsOf } from './ascii-snippet';
import { splitCommon } from './message-checked';

const counts: Record<string, number> = { fely: 5, lolo: 140, nelo: 80, kalo: 430, zoë: 50 };
const count = (word: string) => ({ count: counts[word] ?? 0, of: 1000 });
const words = (terms: ReturnType<typeof termsOf>) => terms.map((t) => t.word);

describe('splitCommon', () => {
  it('checks only the common words (a fifth of all messages or more) without `few`', () => {
    const terms = termsOf('"fely" "kalo" "lolo"*');
    const split = splitCommon(terms, count)!;
    expect(words(split.walked)).toEqual(['fely', 'lolo']);
    expect(split.checked).toBe(0b010);
    expect(splitCommon(termsOf('"fely" "lolo"*'), count)).toBeNull();
  });

  it('checks every other ASCII word, common or not, when the rarest leaves few candidates', () => {
    const asked: string[] = [];
    const few = (rarest: { word: string }, counted: { count: number }) => {
      asked.push(`${rarest.word} ${counted.count}`);
      return true;
    };
    const split = splitCommon(termsOf('"nelo" "fely" "lolo"*'), count, few)!;
    expect(asked).toEqual(['fely 5']);
    expect(words(split.walked)).toEqual(['fely']);
    expect(split.checked).toBe(0b101);
    // A word past ASCII is walked: only FTS5 knows how it folds.
    const accented = splitCommon(termsOf('"zoë" "fely" "lolo"*'), count, () => true)!;
    expect(words(accented.walked)).toEqual(['zoë', 'fely']);
    expect(accented.checked).toBe(0b100);
    expect(splitCommon(termsOf('"fely" "lolo"*'), count, () => false)).toBeNull();
  });

  it('a single word is never split', () => {
    expect(splitCommon(termsOf('"kalo"'), count, () => true)).toBeNull();
  });
});
