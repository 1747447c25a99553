import { describe, expect, it } from 'vitest';
import { mentionAt, mentionMatches } from './mention-query';

describe('mentionAt', () => {
  it.each([
    ['@', 1, { start: 0, text: '' }],
    ['hi @mi', 6, { start: 3, text: 'mi' }],
    ['hi @mi and more', 6, { start: 3, text: 'mi' }],
    ['(@ana.l', 7, { start: 1, text: 'ana.l' }],
    ['line\n@bo', 8, { start: 5, text: 'bo' }],
  ])('%j at %i', (value, caret, expected) => {
    expect(mentionAt(value, caret)).toEqual(expected);
  });
  it.each([
    ['mail@exa', 8],
    ['hi @mi ra', 9],
    ['no at here', 5],
    ['@' + 'a'.repeat(25), 26],
  ])('none in %j at %i', (value, caret) => {
    expect(mentionAt(value, caret)).toBeNull();
  });
});

describe('mentionMatches', () => {
  const people = ['mira', 'Amir', 'bob', 'miranda', 'carl'].map((nickname, id) => ({
    id,
    nickname,
  }));
  it('puts prefixes first, then other matches, case-blind, in source order', () => {
    expect(mentionMatches(people, 'MI').map((p) => p.nickname)).toEqual([
      'mira',
      'miranda',
      'Amir',
    ]);
  });
  it('offers the first people for a bare @, up to max', () => {
    expect(mentionMatches(people, '', 3).map((p) => p.nickname)).toEqual(['mira', 'Amir', 'bob']);
  });
  it('offers nobody when nothing matches', () => {
    expect(mentionMatches(people, 'zz')).toEqual([]);
  });
});
