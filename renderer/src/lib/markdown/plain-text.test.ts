import { describe, expect, it } from 'vitest';
import { markdownToPlain, plainExcerpt } from './plain-text';

describe('markdownToPlain', () => {
  it.each([
    ['**bold**, *it*, _it_, ~~no~~ and `code`', 'bold, it, it, no and code'],
    ['# Title\n\nBody', 'Title\n\nBody'],
    ['> quoted\n> more', 'quoted more'],
    ['- one\n- two\n\n1. three', 'one two\n\nthree'],
    ['see [the docs](https://example.com/a_(b)) now', 'see the docs now'],
    ['```js\nlet a = 1;\n```', 'let a = 1;'],
    ['snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['\\*not italic\\*', '*not italic*'],
    ['a\r\n\r\n\r\nb', 'a\n\nb'],
    ['<b>raw</b> stays', '<b>raw</b> stays'],
  ])('%j', (text, expected) => {
    expect(markdownToPlain(text)).toBe(expected);
  });
});

describe('plainExcerpt', () => {
  it('keeps paragraph breaks as newlines', () => {
    expect(plainExcerpt('**One** para.\n\nTwo  para.')).toBe('One para.\nTwo para.');
  });
  it('cuts at a word with an ellipsis', () => {
    const out = plainExcerpt('word '.repeat(100), 50);
    expect(out.length).toBeLessThanOrEqual(51);
    expect(out.endsWith('word…')).toBe(true);
  });
  it('marks a capped body as continuing', () => {
    expect(plainExcerpt('The rest is on the post page.', 220, true)).toBe(
      'The rest is on the post page…',
    );
  });
});
