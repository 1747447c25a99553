/**
 * The per-account login backoff on a real server: guesses spread over many addresses (the
 * server trusts the test as a proxy, so X-Forwarded-For picks each guess's address) are
 * throttled per login text, while the real user still gets in from a known address or with
 * a live session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../common/api';
import { errorOf, signupBody, startTestServer, type TestServer } from '../test/harness';

let t: TestServer;
const user = signupBody();
beforeAll(async () => {
  t = await startTestServer({ trustProxy: ['127.0.0.1'], rateLimit: {} });
  expect((await t.client().post('/api/auth/signup', user)).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

function login(login: string, password: string, from: string, cookie?: string) {
  return t
    .client()
    .post<Me>(
      '/api/auth/login',
      { login, password },
      { headers: { 'x-forwarded-for': from, ...(cookie ? { cookie } : {}) } },
    );
}

describe('login backoff per account', () => {
  it('throttles 100 wrong guesses from 10 addresses; the user still gets in', async () => {
    // The real user logs in once from home before the attack: that address is known.
    expect((await login(user.nickname, user.password, '203.0.113.5')).status).toBe(200);
    const signedIn = await login(user.email, user.password, '203.0.113.6');
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;

    const statuses: number[] = [];
    for (let guess = 0; guess < 100; guess++) {
      const from = `198.51.100.${1 + (guess % 10)}`; // 10 each: within every address's burst
      const res = await login(
        guess % 2 ? user.nickname : user.email.toUpperCase(),
        `wrong ${guess}`,
        from,
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(errorOf(res)).toEqual({
          code: 'RATE_LIMITED',
          message: 'Too many failed sign-ins with this name or e-mail. Try again in 1 s.',
        });
        expect(res.headers.get('retry-after')).toBe('1');
      }
    }
    // Per login text (the nickname, and the e-mail in any case): ten free failures (one IP's
    // burst), the 11th starts the wait; the rest are refused without a password check.
    expect(statuses.filter((s) => s === 401)).toHaveLength(22);
    expect(statuses.filter((s) => s === 429)).toHaveLength(78);

    // The right password from the known address, or with a live session, is not held up…
    expect((await login(user.nickname, user.password, '203.0.113.5')).status).toBe(200);
    expect((await login(user.nickname, user.password, '192.0.2.77', cookie)).status).toBe(200);
    // …and that success cleared the count.
    expect((await login(user.nickname, 'wrong again', '198.51.100.50')).status).toBe(401);
  });

  it('doubles the wait with each failure past the free ones, and caps it', async () => {
    const target = signupBody();
    expect((await t.client().post('/api/auth/signup', target)).status).toBe(201);
    let n = 0;
    const guess = () =>
      login(target.nickname, 'wrong', `198.18.${Math.floor(n / 200)}.${n++ % 200}`);
    for (let i = 0; i < 11; i++) expect((await guess()).status).toBe(401);
    const waits: string[] = [];
    for (let i = 0; i < 10; i++) {
      const refused = await guess();
      expect(refused.status).toBe(429);
      const wait = refused.headers.get('retry-after')!;
      waits.push(wait);
      t.clock.advance(Number(wait) * 1000);
      expect((await guess()).status).toBe(401);
    }
    expect(waits).toEqual(['1', '2', '4', '8', '16', '32', '64', '128', '256', '300']);
    // A new device of the real user waits at most the cap, then gets in.
    const newDevice = await login(target.nickname, target.password, '192.0.2.200');
    expect(newDevice.status).toBe(429);
    expect(Number(newDevice.headers.get('retry-after'))).toBeLessThanOrEqual(300);
    t.clock.advance(300_000);
    expect((await login(target.nickname, target.password, '192.0.2.200')).status).toBe(200);
  });

  it('tells nothing about which e-mail belongs to a locked nickname', async () => {
    const victim = signupBody();
    const other = signupBody();
    for (const body of [victim, other]) {
      expect((await t.client().post('/api/auth/signup', body)).status).toBe(201);
    }
    for (let i = 0; i < 11; i++) {
      expect((await login(victim.nickname, 'wrong', `198.20.0.${i}`)).status).toBe(401);
    }
    expect((await login(victim.nickname, 'wrong', '198.20.0.99')).status).toBe(429);
    // The victim's e-mail, another person's and one nobody has: all answered alike.
    for (const email of [victim.email, other.email, 'nobody@example.org']) {
      expect((await login(email, 'wrong', '198.20.1.1')).status).toBe(401);
    }
  });

  it('lets the account in from an address it signed in from, whole, not its /64', async () => {
    const target = signupBody();
    expect((await t.client().post('/api/auth/signup', target)).status).toBe(201);
    expect((await login(target.nickname, target.password, '2001:db8:5::1')).status).toBe(200);
    for (let i = 0; i < 11; i++) {
      expect((await login(target.nickname, 'wrong', `198.21.0.${i}`)).status).toBe(401);
    }
    // A neighbour in the same /64 is not the known address: it waits.
    expect((await login(target.nickname, target.password, '2001:db8:5::2')).status).toBe(429);
    expect((await login(target.nickname, target.password, '2001:db8:5::1')).status).toBe(200);
  });

  it('throttles a login that names no account the same way (no hint that it does not exist)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      statuses.push((await login('nobody-here', 'wrong', `198.19.0.${i}`)).status);
    }
    expect(statuses).toEqual([...Array<number>(11).fill(401), 429, 429]);
  });
});
