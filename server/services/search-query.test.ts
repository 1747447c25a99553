import { describe, expect, it } from 'vitest';
import { toMatchQuery } from './search-query';

describe('toMatchQuery', () => {
  it.each([
    ['crème', '"crème"*'],
    ['Hello   World', '"hello" "world"*'],
    ['a', '"a"'],
    ['x y', '"x" "y"'],
    ['"; DROP TABLE posts; --', '"drop" "table" "posts"*'],
    ['title:secret NEAR(a b) OR *', '"title" "secret" "near" "a" "b" "or"*'],
    ['dup dup', '"dup"*'],
    ['ｆｕｌｌｗｉｄｔｈ', '"fullwidth"*'],
  ])('%s → %s', (q, match) => {
    expect(toMatchQuery(q)).toBe(match);
  });

  it('has no words in punctuation or space, and keeps at most 8', () => {
    expect(toMatchQuery('  !!! ** "" ')).toBeNull();
    expect(toMatchQuery('a b c d e f g h i j')?.split(' ')).toHaveLength(8);
  });
});
