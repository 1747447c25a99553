import { describe, expect, it } from 'vitest';
import { markedParts } from './marked-parts';

describe('markedParts', () => {
  it('splits text into marked and plain runs', () => {
    expect(markedParts({ text: 'the cat sat', marks: [[4, 7]] })).toEqual([
      { text: 'the ', mark: false },
      { text: 'cat', mark: true },
      { text: ' sat', mark: false },
    ]);
  });
  it('keeps markup-looking text as text and ignores bad ranges', () => {
    expect(
      markedParts({
        text: '<b>x</b>',
        marks: [
          [3, 4],
          [3, 5],
          [9, 12],
          [6, 6],
        ],
      }),
    ).toEqual([
      { text: '<b>', mark: false },
      { text: 'x', mark: true },
      { text: '</b>', mark: false },
    ]);
    expect(markedParts({ text: '', marks: [] })).toEqual([]);
  });
});
