import { describe, expect, it } from 'vitest';
import { FEED_BODY_CHARS, type Post } from '../../common/api';
import { capBody, summarize } from './post-excerpt';

const LONE_SURROGATE = /\p{Cs}/u;

describe('capBody', () => {
  it('keeps a body of up to the cap exactly as it is, spaces and line breaks included', () => {
    for (const text of ['Hi', 'x'.repeat(FEED_BODY_CHARS), `a\n\n${'b '.repeat(296)}c  `]) {
      expect(text.length).toBeLessThanOrEqual(FEED_BODY_CHARS);
      expect(capBody(text)).toEqual({ body: text, bodyTruncated: false });
    }
  });

  it('cuts a longer body after its last whole word, without the white space', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(40);
    const { body, bodyTruncated } = capBody(text);
    expect(bodyTruncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(FEED_BODY_CHARS);
    expect(body.length).toBeGreaterThan(FEED_BODY_CHARS - 10);
    expect(text.startsWith(body)).toBe(true);
    expect(text[body.length]).toBe(' ');
    expect(body).toMatch(/(lorem|ipsum|dolor|sit|amet)$/);
  });

  it('keeps a word that ends exactly at the cap, and cuts at a line break too', () => {
    const exact = `${'y'.repeat(FEED_BODY_CHARS - 1)}z more`;
    expect(capBody(exact)).toEqual({ body: exact.slice(0, FEED_BODY_CHARS), bodyTruncated: true });
    const lines = `${'word '.repeat(100)}end\n${'x'.repeat(200)}`;
    expect(capBody(lines)).toEqual({ body: `${'word '.repeat(100)}end`, bodyTruncated: true });
  });

  it('cuts a run without white space at the cap (a long link, or a script without spaces)', () => {
    const link = `See https://example.com/${'a'.repeat(1000)}`;
    expect(capBody(link).body).toBe(link.slice(0, FEED_BODY_CHARS));
    const cjk = '漢字かな'.repeat(200);
    expect(capBody(cjk)).toEqual({ body: cjk.slice(0, FEED_BODY_CHARS), bodyTruncated: true });
  });

  it('never splits a surrogate pair', () => {
    // The cap falls between the two halves of an emoji: the emoji goes whole to the next page.
    const text = `a${'😀'.repeat(400)}`;
    const { body, bodyTruncated } = capBody(text);
    expect(bodyTruncated).toBe(true);
    expect(body).toBe(`a${'😀'.repeat(299)}`);
    expect(body).not.toMatch(LONE_SURROGATE);
    expect(capBody('😀'.repeat(400)).body).toBe('😀'.repeat(300));
  });

  it('never separates a letter from its accent, nor splits an emoji sequence', () => {
    // "é" as e + U+0301: the cap falls right between them.
    const accents = `a${'e\u0301'.repeat(400)}`;
    expect(capBody(accents).body).toBe(`a${'e\u0301'.repeat(299)}`);
    // 👩‍💻 is three code points (five units); 120 of them fill the cap exactly.
    const coder = '👩\u200D💻';
    expect(capBody(coder.repeat(200)).body).toBe(coder.repeat(120));
    expect(capBody(`x${coder.repeat(200)}`).body).toBe(`x${coder.repeat(119)}`);
  });

  it('works on the start of a body, as the feed query reads it', () => {
    const text = 'one two three '.repeat(200);
    const prefix = text.slice(0, FEED_BODY_CHARS + 32);
    expect(capBody(prefix)).toEqual(capBody(text));
  });
});

describe('summarize', () => {
  it('turns a whole post into the feed item of the same post', () => {
    const post: Post = {
      id: 1,
      title: 'T',
      body: 'word '.repeat(500).trim(),
      bodyTruncated: false,
      author: { id: 2, nickname: 'ada' },
      categories: [{ id: 1, name: 'General' }],
      createdAt: '2025-03-01T12:00:00.000Z',
      commentCount: 0,
      pinned: false,
      locked: false,
      editedAt: null,
    };
    expect(summarize(post)).toEqual({ ...post, ...capBody(post.body), bodyTruncated: true });
    const short = { ...post, body: 'short' };
    expect(summarize(short)).toEqual(short);
  });
});
