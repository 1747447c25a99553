import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../config/server-config';
import { errorOf, signupBody, startTestServer, type TestServer } from '../test/harness';

describe('rate limits (429 + Retry-After)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      rateLimit: {
        signup: { burst: 3, perMinute: 1 },
        login: { burst: 2, perMinute: 6 },
        posts: { burst: 2, perMinute: 2 },
        comments: { burst: 3, perMinute: 30 },
      },
    });
  });
  afterAll(() => t.close());

  it('limits sign-ups per IP', async () => {
    for (let i = 0; i < 3; i++)
      expect((await t.client().post('/api/auth/signup', signupBody())).status).toBe(201);
    const res = await t.client().post('/api/auth/signup', signupBody());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(errorOf(res)).toEqual({
      code: 'RATE_LIMITED',
      message: 'Too many requests. Try again in 60 s.',
    });
    t.clock.advance(60_000);
    expect((await t.client().post('/api/auth/signup', signupBody())).status).toBe(201);
  });

  it('limits login attempts per IP, right or wrong', async () => {
    const body = { login: 'whoever', password: 'wrong password' };
    expect((await t.client().post('/api/auth/login', body)).status).toBe(401);
    expect((await t.client().post('/api/auth/login', body)).status).toBe(401);
    const res = await t.client().post('/api/auth/login', body);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    t.clock.advance(10_000);
    expect((await t.client().post('/api/auth/login', body)).status).toBe(401);
  });

  it('limits posts and comments per user, not per machine', async () => {
    t.clock.advance(10 * 60_000); // refill the sign-up bucket
    const a = (await t.signup()).client;
    const b = (await t.signup()).client;
    const post = { title: 't', body: 'b', categoryIds: [1] };
    expect((await a.post('/api/posts', post)).status).toBe(201);
    const second = await a.post<{ id: number }>('/api/posts', post);
    expect(second.status).toBe(201);
    const limited = await a.post('/api/posts', post);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    // Same IP, other user: unaffected.
    expect((await b.post('/api/posts', post)).status).toBe(201);

    const path = `/api/posts/${second.json.id}/comments`;
    for (let i = 0; i < 3; i++) expect((await a.post(path, { body: `c${i}` })).status).toBe(201);
    const res = await a.post(path, { body: 'one too many' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await b.post(path, { body: 'fine' })).status).toBe(201);
  });

  it('counts only accepted posts and comments: a rejected one gives its token back', async () => {
    t.clock.advance(10 * 60_000);
    const a = (await t.signup()).client;
    const post = { title: 't', body: 'b', categoryIds: [1] };
    for (let i = 0; i < 5; i++) {
      expect((await a.post('/api/posts', { ...post, title: '' })).status).toBe(400);
      expect((await a.post('/api/posts', { ...post, categoryIds: [99] })).status).toBe(400);
    }
    expect((await a.post('/api/posts', post)).status).toBe(201);
    const created = await a.post<{ id: number }>('/api/posts', post);
    expect(created.status).toBe(201);
    expect((await a.post('/api/posts', post)).status).toBe(429);
    for (let i = 0; i < 5; i++) {
      expect((await a.post(`/api/posts/${created.json.id}/comments`, { body: '' })).status).toBe(
        400,
      );
      expect((await a.post('/api/posts/999999/comments', { body: 'x' })).status).toBe(404);
    }
    for (let i = 0; i < 3; i++) {
      expect((await a.post(`/api/posts/${created.json.id}/comments`, { body: 'ok' })).status).toBe(
        201,
      );
    }
    expect((await a.post(`/api/posts/${created.json.id}/comments`, { body: 'ok' })).status).toBe(
      429,
    );
  });

  it('applies the documented defaults when not overridden', async () => {
    const d = await startTestServer({ rateLimit: {} });
    try {
      const body = { login: 'whoever', password: 'wrong password' };
      for (let i = 0; i < DEFAULT_RATE_LIMITS.login.burst; i++) {
        expect((await d.client().post('/api/auth/login', body)).status).toBe(401);
      }
      expect((await d.client().post('/api/auth/login', body)).status).toBe(429);
    } finally {
      await d.close();
    }
  });

  it('refuses sign-ups and logins with 429 when the password-hashing queue is full', async () => {
    // One thread, one waiting job, and hashes slow enough (cost 13, ~0.6 s here) that the
    // burst below arrives while the first two are still being worked on. Per-IP limits are
    // off: only the queue refuses.
    const busy = await startTestServer({
      rateLimit: false,
      hashWorkers: 1,
      hashQueueMax: 1,
      bcryptCost: 13,
    });
    try {
      const bodies = Array.from({ length: 8 }, () => signupBody());
      const answers = await Promise.all(
        bodies.map((body) => busy.client().post('/api/auth/signup', body)),
      );
      const statuses = answers.map((r) => r.status);
      expect(
        statuses.every((s) => s === 201 || s === 429),
        String(statuses),
      ).toBe(true);
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(2);
      const refused = answers.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const res of refused) {
        const retryAfter = Number(res.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(errorOf(res)).toEqual({
          code: 'RATE_LIMITED',
          message: `The server is busy checking other passwords. Try again in ${retryAfter} s.`,
        });
      }
      // A refused sign-up created nothing: once the queue drains, the same one succeeds, and
      // logins go through the same queue.
      const retried = bodies[statuses.indexOf(429)]!;
      expect((await busy.client().post('/api/auth/signup', retried)).status).toBe(201);
      const logins = await Promise.all(
        Array.from({ length: 6 }, () =>
          busy
            .client()
            .post('/api/auth/login', { login: retried.nickname, password: retried.password }),
        ),
      );
      const loginStatuses = logins.map((r) => r.status);
      expect(
        loginStatuses.every((s) => s === 200 || s === 429),
        String(loginStatuses),
      ).toBe(true);
      expect(loginStatuses).toContain(429);
      expect(loginStatuses).toContain(200);
    } finally {
      await busy.close();
    }
    // About six cost-13 hashes on a thread at nice 10: ~4 s quiet, over 20 s on a loaded CI
    // machine (seen beside the browser tests).
  }, 90_000);

  it('rateLimit: false turns them off, with a warning at start', async () => {
    const off = await startTestServer({ rateLimit: false });
    try {
      const body = { login: 'whoever', password: 'wrong password' };
      const statuses = await Promise.all(
        Array.from({ length: 30 }, () =>
          off
            .client()
            .post('/api/auth/login', body)
            .then((r) => r.status),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([401]));
      expect(
        off.logs.some((l) => l.level === 'warn' && /Rate limits are OFF/.test(l.message)),
      ).toBe(true);
    } finally {
      await off.close();
    }
  });
});
