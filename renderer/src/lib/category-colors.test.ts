import { describe, expect, it } from 'vitest';
import { colorName, moveAmongActive } from './category-colors';

const cats = [
  { id: 1, archived: false },
  { id: 2, archived: true },
  { id: 3, archived: false },
  { id: 4, archived: false },
];

describe('moveAmongActive', () => {
  it('swaps with the next active neighbour, archived ones last', () => {
    expect(moveAmongActive(cats, 1, 1)).toEqual([3, 1, 4, 2]);
    expect(moveAmongActive(cats, 4, -1)).toEqual([1, 4, 3, 2]);
  });
  it('refuses to move past either end, or an archived or unknown category', () => {
    expect(moveAmongActive(cats, 1, -1)).toBeNull();
    expect(moveAmongActive(cats, 4, 1)).toBeNull();
    expect(moveAmongActive(cats, 2, 1)).toBeNull();
    expect(moveAmongActive(cats, 9, 1)).toBeNull();
  });
});

describe('colorName', () => {
  it('names palette colours, whatever their case, and says when there is none', () => {
    expect(colorName('#2563EB')).toBe('Blue');
    expect(colorName(null)).toBe('No colour');
    expect(colorName('#123456')).toBe('#123456');
  });
});
