import { describe, expect, it } from 'vitest';
import { addedMentions, findMentions, mentionSpans, MAX_MENTIONS_PER_ITEM } from './mentions';

describe('findMentions', () => {
  it('finds names after @, case-blind, each once, in order', () => {
    expect(findMentions('@Mira and @bo_b, then @mira again')).toEqual(['mira', 'bo_b']);
  });
  it('drops a sentence dot or dash after the name but keeps inner dots', () => {
    expect(findMentions('thanks @ana.lee. And @bob-')).toEqual(['ana.lee', 'bob']);
  });
  it('never reads an e-mail address or a word@word as a mention', () => {
    expect(findMentions('write to mira@example.com or x@mira')).toEqual([]);
  });
  it('ignores names too short or too long to be a nickname', () => {
    expect(findMentions('@ab @' + 'a'.repeat(25))).toEqual([]);
  });
  it('ignores code spans and fenced blocks', () => {
    expect(findMentions('`@mira` and\n```\n@bob\n```\n@carl')).toEqual(['carl']);
  });
  it('works at line starts, in quotes, lists and brackets', () => {
    expect(findMentions('> @ana\n- @bob\n(@carl) **@dina**')).toEqual([
      'ana',
      'bob',
      'carl',
      'dina',
    ]);
  });
  it('caps how many one item may notify', () => {
    const text = Array.from({ length: 30 }, (_, i) => `@user${i}`).join(' ');
    expect(findMentions(text)).toHaveLength(MAX_MENTIONS_PER_ITEM);
  });
});

describe('mentionSpans', () => {
  it('gives offsets into the original text', () => {
    const text = 'hi @mira.';
    const [span] = mentionSpans(text);
    expect(text.slice(span!.start, span!.start + span!.length)).toBe('@mira');
  });
});

describe('addedMentions', () => {
  it('is every mention for a new item', () => {
    expect(addedMentions(null, '@ana @bob')).toEqual(['ana', 'bob']);
  });
  it('is only the names an edit adds, whatever their case', () => {
    expect(addedMentions('@ana', '@ANA and @bob')).toEqual(['bob']);
    expect(addedMentions('@ana @bob', '@bob')).toEqual([]);
  });
});
