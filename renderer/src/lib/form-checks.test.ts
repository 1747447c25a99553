import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createCommentSchema, createPostSchema, loginSchema, signupSchema } from '@common/api';
import {
  ageValue,
  checkComment,
  checkLogin,
  checkPost,
  checkSignup,
  type SignupInput,
} from './form-checks';

/** The server's verdict: the first message per top-level field, as validate.ts reports one. */
function serverErrors(schema: z.ZodType, body: unknown): Record<string, string> {
  // Through JSON, as on the wire (NaN becomes null).
  const result = schema.safeParse(JSON.parse(JSON.stringify(body)));
  const out: Record<string, string> = {};
  if (!result.success)
    for (const issue of result.error.issues) {
      const field = String(issue.path[0]);
      out[field] ??= issue.message;
    }
  return out;
}

/** Every field the client flags, the server rejects with the same message (the client is never stricter). */
function expectAgrees(client: Record<string, string | undefined>, server: Record<string, string>) {
  for (const [field, message] of Object.entries(client)) {
    expect(server[field], `server accepts ${field} the client rejects`).toBeDefined();
    if (field !== 'gender') expect(message).toBe(server[field]);
  }
}

const okSignup: SignupInput = {
  nickname: 'maya',
  email: 'maya@example.com',
  password: 'correct horse',
  firstName: 'Maya',
  lastName: 'Lindqvist',
  age: '31',
  gender: 'female',
};
/** What goes out; an age in words (which the form never sends) goes as the text it is. */
const wire = (f: SignupInput) => ({
  ...f,
  nickname: f.nickname.trim(),
  email: f.email.trim(),
  age: f.age.trim() !== '' && Number.isNaN(Number(f.age)) ? f.age : ageValue(f.age),
});

describe('checkSignup', () => {
  it('finds nothing wrong with a good form', () => {
    expect(checkSignup(okSignup)).toEqual({});
    expect(serverErrors(signupSchema, wire(okSignup))).toEqual({});
  });

  it('reports every wrong field at once, with the server’s messages', () => {
    const empty: SignupInput = {
      nickname: '',
      email: 'maya@example',
      password: '',
      firstName: '  ',
      lastName: '',
      age: '',
      gender: '',
    };
    const client = checkSignup(empty);
    expect(Object.keys(client).sort()).toEqual(
      ['age', 'email', 'firstName', 'gender', 'lastName', 'nickname', 'password'].sort(),
    );
    expect(client.email).toBe('Enter a valid e-mail address');
    // Empty is "required" everywhere, not "must be a number" or "at least 8 characters".
    expect(client.age).toBe('Age is required');
    expect(client.password).toBe('Password is required');
    expectAgrees(client, serverErrors(signupSchema, wire(empty)));
  });

  it.each<[string, Partial<SignupInput>]>([
    ['short nickname', { nickname: 'ab' }],
    ['long nickname', { nickname: 'a'.repeat(25) }],
    ['nickname with a space', { nickname: 'maya l' }],
    ['password of 7 bytes', { password: 'abcdefg' }],
    ['password over 72 bytes', { password: 'é'.repeat(37) }],
    ['too young', { age: '9' }],
    ['too old', { age: '121' }],
    ['not a whole age', { age: '30.5' }],
    ['age in words', { age: 'thirty' }],
    ['long first name', { firstName: 'x'.repeat(65) }],
    ['zero-width last name', { lastName: '\u200b' }],
    ['long e-mail', { email: `${'a'.repeat(250)}@example.com` }],
    ['unknown gender', { gender: 'robot' }],
  ])('%s: the client and the server agree', (_name, change) => {
    const form = { ...okSignup, ...change };
    const client = checkSignup(form);
    expect(Object.keys(client)).toHaveLength(1);
    expectAgrees(client, serverErrors(signupSchema, wire(form)));
  });

  it('leaves what it cannot judge to the server', () => {
    // The client's e-mail shape is looser than the server's; the server still answers.
    const form = { ...okSignup, email: 'a..b@example.com' };
    expect(checkSignup(form)).toEqual({});
  });
});

describe('checkLogin', () => {
  it('needs both fields', () => {
    const client = checkLogin({ login: ' ', password: '' });
    expect(client).toEqual({
      login: 'Nickname or e-mail is required',
      password: 'Password is required',
    });
    expectAgrees(client, serverErrors(loginSchema, { login: '', password: '' }));
  });
  it('rejects a password bcrypt would cut', () => {
    const client = checkLogin({ login: 'maya', password: 'x'.repeat(73) });
    expectAgrees(client, serverErrors(loginSchema, { login: 'maya', password: 'x'.repeat(73) }));
    expect(client.password).toBeDefined();
  });
});

describe('checkPost', () => {
  it('reports title, body and categories together', () => {
    const form = { title: ' ', body: '', categoryIds: [] };
    const client = checkPost(form);
    expect(Object.keys(client).sort()).toEqual(['body', 'categoryIds', 'title']);
    // Named as the form labels the body.
    expect(client.body).toBe('Post is required');
    expectAgrees(client, serverErrors(createPostSchema, form));
  });
  it('enforces the limits', () => {
    const form = {
      title: 't'.repeat(201),
      body: 'b'.repeat(20_001),
      categoryIds: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    };
    const client = checkPost(form);
    expect(Object.keys(client)).toHaveLength(3);
    expectAgrees(client, serverErrors(createPostSchema, form));
  });
  it('passes a good post', () => {
    expect(checkPost({ title: 'Hi', body: 'There', categoryIds: [1] })).toEqual({});
  });
});

describe('checkComment', () => {
  it('needs visible text within the limit', () => {
    for (const body of ['', '   ', '\ufeff', 'c'.repeat(5001)]) {
      const client = checkComment({ body });
      expect(client.body).toBeDefined();
      expectAgrees(client, serverErrors(createCommentSchema, { body }));
    }
    expect(checkComment({ body: 'Nice!' })).toEqual({});
  });
  it('leaves control characters to the server', () => {
    expect(checkComment({ body: 'bell \u0007' })).toEqual({});
    expect(serverErrors(createCommentSchema, { body: 'bell \u0007' }).body).toBe(
      'Comment contains invisible control characters (they may show as ▯). Delete them and try again.',
    );
  });
});
