import { describe, expect, it } from 'vitest';
import { whoReacted } from './reaction-text';

const r = (count: number, who: string[], mine = false) => ({ emoji: '👍', count, mine, who });

describe('whoReacted', () => {
  it.each([
    [r(1, ['ana']), 'Ana reacted with 👍'],
    [r(2, ['ana', 'ben']), 'Ana and ben reacted with 👍'],
    [r(3, ['ana', 'ben', 'me'], true), 'Ana, ben and you reacted with 👍'],
    [r(1, ['me'], true), 'You reacted with 👍'],
    [r(14, ['ana', 'ben']), 'Ana, ben and 12 others reacted with 👍'],
    [
      r(11, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true),
      'You, a, b, c, d, e, f, g, h, i and j reacted with 👍',
    ],
  ])('%j', (summary, text) => {
    expect(whoReacted(summary, 'me')).toBe(text);
  });
});
