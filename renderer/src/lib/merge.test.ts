import { describe, expect, it } from 'vitest';
import { appendNew, newItems, prependNew } from './merge';

const ids = (l: { id: number }[]) => l.map((x) => x.id);

describe('merge helpers', () => {
  it('keeps only unseen ids', () => {
    expect(ids(newItems([{ id: 1 }, { id: 2 }], [{ id: 2 }, { id: 3 }]))).toEqual([3]);
  });
  it('appends and prepends without duplicates', () => {
    const list = [{ id: 2 }, { id: 3 }];
    expect(ids(appendNew(list, [{ id: 3 }, { id: 4 }]))).toEqual([2, 3, 4]);
    expect(ids(prependNew(list, [{ id: 1 }, { id: 2 }]))).toEqual([1, 2, 3]);
  });
});
