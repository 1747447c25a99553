import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../common/api';
import { openDb } from '../../db/open-db';
import {
  errorOf,
  signupBody,
  startTestServer,
  uniqueNickname,
  type TestServer,
} from '../test/harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ sessionTtlMs: 24 * 60 * 60 * 1000 });
});
afterAll(() => t.close());
const cookieName = () => t.server.sessionCookieName;

describe('POST /api/auth/signup', () => {
  it('creates the account, returns it with 201 and a session cookie', async () => {
    const c = t.client();
    const body = signupBody({
      firstName: '  Ada ',
      lastName: 'Lovelace',
      age: 36,
      gender: 'female',
    });
    const res = await c.post<Me>('/api/auth/signup', body);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(Number),
      nickname: body.nickname,
      email: body.email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      age: 36,
      gender: 'female',
      createdAt: '2025-03-01T12:00:00.000Z',
      // The forum's first account (tests run with HEARTH_SETUP=first-signup) owns it.
      role: 'owner',
    });
    expect(res.text).not.toMatch(/password/i);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      new RegExp(
        `^${cookieName()}=[A-Za-z0-9_-]{43}; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax$`,
      ),
    );
    const me = await c.get<Me>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.json).toEqual(res.json);
  });

  it('stores a bcrypt hash, never the password, and only a hash of the session token', async () => {
    const c = t.client();
    const body = signupBody();
    await c.post('/api/auth/signup', body);
    const token = (c.cookie ?? '').split('=')[1] ?? '';
    const db = openDb(t.server.dbPath, { readonly: true });
    const row = db
      .prepare('SELECT password_hash FROM users WHERE nickname = ?')
      .get(body.nickname) as {
      password_hash: string;
    };
    expect(row.password_hash).toMatch(/^\$2b\$04\$/);
    const sessions = db
      .prepare('SELECT hex(token_hash) AS h FROM sessions')
      .pluck()
      .all() as string[];
    db.close();
    expect(token).toHaveLength(43);
    expect(sessions.length).toBeGreaterThan(0);
    for (const h of sessions) {
      expect(h).toHaveLength(64); // SHA-256
      expect(h).not.toContain(Buffer.from(token).toString('hex').toUpperCase());
    }
  });

  it.each([
    ['nickname', { nickname: 'ab' }, 'Nickname must be at least 3 characters'],
    ['nickname', { nickname: 'a'.repeat(25) }, 'Nickname must be at most 24 characters'],
    [
      'nickname',
      { nickname: 'bad name!' },
      'Nickname may only use letters, digits, dot, dash and underscore',
    ],
    ['nickname', { nickname: 42 }, 'Nickname is required'],
    ['email', { email: 'not-an-email' }, 'Enter a valid e-mail address'],
    ['email', { email: `${'a'.repeat(250)}@x.io` }, 'E-mail is too long'],
    ['password', { password: 'short' }, 'Password must be at least 8 characters'],
    ['password', { password: 'é'.repeat(37) }, 'Password must be at most 72 bytes'],
    ['firstName', { firstName: '   ' }, 'First name is required'],
    ['lastName', { lastName: 'x'.repeat(65) }, 'Last name must be at most 64 characters'],
    ['age', { age: 12 }, 'You must be at least 13'],
    ['age', { age: 121 }, 'Age must be at most 120'],
    ['age', { age: 30.5 }, 'Age must be a whole number'],
    ['age', { age: '30' }, 'Age must be a number'],
    [
      'gender',
      { gender: 'robot' },
      'Gender must be one of: female, male, non-binary, other, prefer-not-to-say',
    ],
  ])('rejects a bad %s: %j', async (field, patch, message) => {
    const res = await t.client().post('/api/auth/signup', { ...signupBody(), ...patch });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'VALIDATION_FAILED', message, field });
  });

  it('rejects a missing field, an unknown field and a body that is not an object', async () => {
    const { password: _password, ...noPassword } = signupBody();
    let res = await t.client().post('/api/auth/signup', noPassword);
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Password is required',
      field: 'password',
    });

    res = await t.client().post('/api/auth/signup', { ...signupBody(), isAdmin: true });
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Unknown field "isAdmin".',
      field: 'isAdmin',
    });

    res = await t.client().post('/api/auth/signup', [1, 2]);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request body must be a JSON object.',
    });

    res = await t.client().post('/api/auth/signup');
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
  });

  it('accepts a 72-byte password and exactly the limits', async () => {
    const res = await t
      .client()
      .post('/api/auth/signup', signupBody({ password: 'p'.repeat(72), age: 13 }));
    expect(res.status).toBe(201);
  });

  it('refuses a nickname or e-mail that is taken, case-insensitively', async () => {
    const first = signupBody({ nickname: uniqueNickname('Taken') });
    expect((await t.client().post('/api/auth/signup', first)).status).toBe(201);

    let res = await t
      .client()
      .post(
        '/api/auth/signup',
        signupBody({ nickname: first.nickname.toUpperCase(), email: 'other@example.com' }),
      );
    expect(res.status).toBe(409);
    expect(errorOf(res)).toEqual({
      code: 'NICKNAME_TAKEN',
      message: `The nickname "${first.nickname.toUpperCase()}" is already taken.`,
      field: 'nickname',
    });

    res = await t
      .client()
      .post('/api/auth/signup', signupBody({ email: first.email.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(errorOf(res)).toEqual({
      code: 'EMAIL_TAKEN',
      message: 'An account with this e-mail already exists.',
      field: 'email',
    });
  });

  it('lets only one of two racing sign-ups with the same nickname win', async () => {
    const nickname = uniqueNickname('race');
    const results = await Promise.all([
      t
        .client()
        .post('/api/auth/signup', signupBody({ nickname, email: `${nickname}1@example.com` })),
      t
        .client()
        .post('/api/auth/signup', signupBody({ nickname, email: `${nickname}2@example.com` })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409);
    expect(loser && errorOf(loser).code).toBe('NICKNAME_TAKEN');
  });
});

describe('POST /api/auth/login', () => {
  const account = signupBody({ nickname: uniqueNickname('Login'), password: 'open sesame 42' });
  let userId = 0;
  beforeAll(async () => {
    const res = await t.client().post<Me>('/api/auth/signup', account);
    userId = res.json.id;
  });

  it.each([
    ['the nickname', () => account.nickname],
    ['the nickname in another case', () => account.nickname.toLowerCase()],
    ['the e-mail', () => account.email],
    ['the e-mail in another case, with spaces', () => `  ${account.email.toUpperCase()} `],
  ])('signs in with %s', async (_label, login) => {
    const c = t.client();
    const res = await c.post<Me>('/api/auth/login', { login: login(), password: 'open sesame 42' });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(userId);
    expect(res.headers.get('set-cookie')).toMatch(
      new RegExp(`^${cookieName()}=[A-Za-z0-9_-]{43};.*HttpOnly; SameSite=Lax`),
    );
    expect((await c.get<Me>('/api/auth/me')).json.id).toBe(userId);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password or an unknown login, alike', async () => {
    for (const body of [
      { login: account.nickname, password: 'wrong password' },
      { login: 'nobody-here', password: 'open sesame 42' },
      { login: 'nobody@example.com', password: 'open sesame 42' },
    ]) {
      const res = await t.client().post('/api/auth/login', body);
      expect(res.status).toBe(401);
      expect(errorOf(res)).toEqual({
        code: 'INVALID_CREDENTIALS',
        message: 'Wrong nickname, e-mail or password.',
      });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('validates its body', async () => {
    let res = await t.client().post('/api/auth/login', { login: '', password: 'x' });
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Nickname or e-mail is required',
      field: 'login',
    });
    res = await t.client().post('/api/auth/login', { login: 'someone' });
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Password is required',
      field: 'password',
    });
  });

  it('issues a new token at every login and retires the one the browser held', async () => {
    const c = t.client();
    await c.post('/api/auth/login', { login: account.nickname, password: 'open sesame 42' });
    const first = c.cookie;
    await c.post('/api/auth/login', { login: account.nickname, password: 'open sesame 42' });
    const second = c.cookie;
    expect(second).not.toBe(first);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const stale = await c.get('/api/auth/me', { headers: { cookie: first ?? '' } });
    expect(stale.status).toBe(401);
  });

  it('upgrades a hash made with a lower cost after a successful login', async () => {
    const other = await startTestServer({ dataDir: t.dataDir, bcryptCost: 5 });
    try {
      const res = await other
        .client()
        .post('/api/auth/login', { login: account.email, password: 'open sesame 42' });
      expect(res.status).toBe(200);
      const db = openDb(other.server.dbPath, { readonly: true });
      const hash = db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(userId);
      db.close();
      expect(hash).toMatch(/^\$2b\$05\$/);
    } finally {
      await other.close({ keepData: true });
    }
  });
});

describe('sessions', () => {
  it('GET /api/auth/me and POST /api/auth/logout need a session', async () => {
    for (const [method, path] of [
      ['GET', '/api/auth/me'],
      ['POST', '/api/auth/logout'],
    ] as const) {
      const res = await t.client().request(method, path);
      expect(res.status).toBe(401);
      expect(errorOf(res)).toEqual({ code: 'UNAUTHENTICATED', message: 'Sign in to continue.' });
    }
  });

  it('ignores a forged or malformed cookie', async () => {
    const name = cookieName();
    for (const cookie of [`${name}=abc`, `${name}=${'A'.repeat(43)}`, 'other=1']) {
      const res = await t.client().get('/api/auth/me', { headers: { cookie } });
      expect(res.status).toBe(401);
    }
  });

  it('logout deletes the session: the old cookie stops working', async () => {
    const { client } = await t.signup();
    const cookie = client.cookie ?? '';
    const res = await client.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('set-cookie')).toBe(
      `${cookieName()}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
    );
    const replay = await t.client().get('/api/auth/me', { headers: { cookie } });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('set-cookie')).toBe(
      `${cookieName()}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`,
    );
  });

  it('expires after the TTL without use, and slides forward with use', async () => {
    const day = 24 * 60 * 60 * 1000;
    const { client: idle } = await t.signup();
    const { client: active } = await t.signup();

    // Active: used every 18 hours, it outlives the 24 h TTL several times over.
    for (let i = 0; i < 4; i++) {
      t.clock.advance(18 * 60 * 60 * 1000);
      const res = await active.get('/api/auth/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/Max-Age=86400/);
    }
    // Idle: its 24 h passed long ago.
    const res = await idle.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');

    t.clock.advance(day + 1);
    expect((await active.get('/api/auth/me')).status).toBe(401);
  });

  it('does not rewrite the cookie on every request (renewal at most hourly)', async () => {
    const { client } = await t.signup();
    t.clock.advance(60 * 1000);
    const res = await client.get('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
