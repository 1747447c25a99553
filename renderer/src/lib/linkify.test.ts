import { describe, expect, it } from 'vitest';
import { excerpt, linkify } from './linkify';

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('hello <b>world</b>')).toEqual([{ kind: 'text', text: 'hello <b>world</b>' }]);
  });

  it('finds http and https links between text', () => {
    expect(linkify('see https://example.com/a?b=1#c and http://x.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links other schemes', () => {
    for (const s of ['javascript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd']) {
      expect(linkify(s)).toEqual([{ kind: 'text', text: s }]);
    }
  });

  it('does not swallow a closing bracket or quotes around a link', () => {
    expect(linkify('(see https://en.wikipedia.org/wiki/Foo_(bar)) "https://a.io"')).toEqual([
      { kind: 'text', text: '(see ' },
      {
        kind: 'link',
        text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
        href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      },
      { kind: 'text', text: ') "' },
      { kind: 'link', text: 'https://a.io', href: 'https://a.io/' },
      { kind: 'text', text: '"' },
    ]);
  });

  it('leaves a bare scheme as text', () => {
    expect(linkify('https:// nothing')).toEqual([{ kind: 'text', text: 'https:// nothing' }]);
  });

  it('keeps newlines in text', () => {
    expect(linkify('a\nb')).toEqual([{ kind: 'text', text: 'a\nb' }]);
  });
});

describe('excerpt', () => {
  it('collapses whitespace', () => {
    expect(excerpt('a\n\n  b\tc')).toBe('a b c');
  });
  it('cuts at a word boundary with an ellipsis', () => {
    const text = 'word '.repeat(100);
    const out = excerpt(text, 50);
    expect(out.length).toBeLessThanOrEqual(51);
    expect(out.endsWith('word…')).toBe(true);
  });
  it('never ends on half an emoji', () => {
    const out = excerpt('😀'.repeat(30), 11);
    expect(out).toBe(`${'😀'.repeat(5)}…`);
    expect(out).not.toMatch(/\p{Cs}/u);
  });
  it('marks the start of a longer text (a capped feed body) even when it is short', () => {
    expect(excerpt('The rest is on the post page.', 220, true)).toBe(
      'The rest is on the post page…',
    );
    expect(excerpt('Complete.', 220, false)).toBe('Complete.');
  });
});
