import { describe, expect, it } from 'vitest';
import { createPostSchema, idPathParam, listPostsQuery, loginSchema } from './api';

const post = (title: string) => ({ title, body: 'body', categoryIds: [1] });

describe('user text', () => {
  it('accepts ordinary text with emoji, tabs and new lines', () => {
    expect(createPostSchema.safeParse(post('Hi 👋 there')).success).toBe(true);
    expect(createPostSchema.safeParse({ ...post('t'), body: 'a\n\tb\r\nc' }).success).toBe(true);
  });

  it.each([
    ['a lone surrogate', 'A\ud800B', 'invalid characters'],
    ['a NUL byte', 'b\u0000c', 'control characters'],
    ['an escape character', 'b\u001bc', 'control characters'],
    ['only zero-width characters', '\u200B\u200D', 'is required'],
    ['only white space', ' \n\t ', 'is required'],
  ])('rejects %s with a clear message', (_what, title, message) => {
    const result = createPostSchema.safeParse(post(title));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['title']);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('login', () => {
  it('refuses a password longer than bcrypt reads (72 bytes)', () => {
    expect(loginSchema.safeParse({ login: 'ada', password: 'x'.repeat(72) }).success).toBe(true);
    const long = loginSchema.safeParse({ login: 'ada', password: 'x'.repeat(73) });
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.path).toEqual(['password']);
  });
});

describe('ids and paging in URLs', () => {
  it.each(['1', '42', '999999999999999'])('accepts %s', (id) => {
    expect(idPathParam.parse(id)).toBe(Number(id));
  });

  it.each(['0', '-1', '1.0', '1e3', '0x10', '+5', ' 1', '01', 'abc', '', '9999999999999999'])(
    'rejects %j',
    (id) => {
      expect(idPathParam.safeParse(id).success).toBe(false);
    },
  );

  it('defaults and bounds the page size', () => {
    expect(listPostsQuery.parse({}).limit).toBe(20);
    expect(listPostsQuery.parse({ limit: '100' }).limit).toBe(100);
    expect(listPostsQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(listPostsQuery.safeParse({ limit: '1e1' }).success).toBe(false);
    expect(listPostsQuery.safeParse({ limit: ['1', '2'] }).success).toBe(false);
  });
});
