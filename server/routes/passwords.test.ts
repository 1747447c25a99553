/**
 * Changing one's password (other sessions end, their sockets close; a wrong current password
 * counts toward the login backoff) and one-time reset links (hash only, 24 h by the server's
 * clock, single use, voided by a newer link or a password change, logged without the token).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResetLink, ResetLinkState } from '../../common/accounts';
import type { Me, ModerationLogEntry } from '../../common/api';
import { WS_CLOSE } from '../../common/protocol';
import { closeAllClients, connect } from '../test/ws-client';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';

const PASSWORD = 'correct horse battery';
let srv: TestServer;
let owner: { client: TestClient; user: Me };

beforeAll(async () => {
  const plenty = { burst: 100_000, perMinute: 100_000 };
  // The backoff lives with rate limiting: on, with buckets too large to matter here.
  srv = await startTestServer({
    rateLimit: { signup: plenty, login: plenty, comments: plenty, ws: plenty, wsConnect: plenty },
    loginBackoff: { freeFailures: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 },
  });
  owner = await srv.signup({ nickname: 'owner_pw' });
});
afterAll(async () => {
  await srv.close();
});
afterEach(() => closeAllClients());

/** Another signed-in session of the same account (a second device). */
async function secondSession(login: string, password = PASSWORD): Promise<TestClient> {
  const c = srv.client();
  const res = await c.post('/api/auth/login', { login, password });
  expect(res.status).toBe(200);
  return c;
}

const changePassword = (c: TestClient, currentPassword: string, newPassword: string) =>
  c.post('/api/auth/password', { currentPassword, newPassword });

const tokenOf = (link: ResetLink) => link.path.replace('/#/reset/', '');

describe('POST /api/auth/password', () => {
  it('sets the new password, keeps this session, ends the others and closes their sockets', async () => {
    const u = await srv.signup();
    const other = await secondSession(u.user.nickname);
    const mine = await connect(srv, u.client);
    const theirs = await connect(srv, other);

    const res = await changePassword(u.client, PASSWORD, 'a brand new secret');
    expect(res.status).toBe(204);

    expect((await theirs.waitClosed()).code).toBe(WS_CLOSE.SESSION_ENDED);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await u.client.get('/api/auth/me')).status).toBe(200);
    expect(mine.isOpen).toBe(true);

    const oldLogin = await srv
      .client()
      .post('/api/auth/login', { login: u.user.nickname, password: PASSWORD });
    expect(oldLogin.status).toBe(401);
    await secondSession(u.user.nickname, 'a brand new secret');
  });

  it('refuses a wrong current password with 403 WRONG_PASSWORD, and nothing changes', async () => {
    const u = await srv.signup();
    const other = await secondSession(u.user.nickname);
    const res = await changePassword(u.client, 'not my password', 'a brand new secret');
    expect(res.status).toBe(403);
    expect(errorOf(res)).toMatchObject({ code: 'WRONG_PASSWORD', field: 'currentPassword' });
    expect((await other.get('/api/auth/me')).status).toBe(200);
    await secondSession(u.user.nickname);
  });

  it('counts wrong current passwords as failed logins of that account (backoff, 429)', async () => {
    const u = await srv.signup();
    for (let i = 0; i < 3; i++) {
      expect((await changePassword(u.client, `wrong ${i}`, 'a brand new secret')).status).toBe(403);
    }
    // Past the free failures: the change waits, and so does a login by that nickname from a
    // new address or client.
    const limited = await changePassword(u.client, `wrong 4`, 'a brand new secret');
    expect(limited.status).toBe(403);
    const waiting = await changePassword(u.client, PASSWORD, 'a brand new secret');
    expect(waiting.status).toBe(429);
    expect(errorOf(waiting).code).toBe('RATE_LIMITED');
    const login = await srv
      .client()
      .post('/api/auth/login', { login: u.user.nickname, password: PASSWORD });
    expect(login.status).toBe(429);
    srv.clock.advance(120_000);
    expect((await changePassword(u.client, PASSWORD, 'a brand new secret')).status).toBe(204);
  });

  it.each([
    [{ newPassword: 'a brand new secret' }, 'currentPassword', 'Current password is required'],
    [{ currentPassword: PASSWORD }, 'newPassword', 'Password is required'],
    [{ currentPassword: PASSWORD, newPassword: 'short' }, 'newPassword', 'at least 8'],
    [{ currentPassword: PASSWORD, newPassword: 'x'.repeat(73) }, 'newPassword', 'at most 72 bytes'],
    [{ currentPassword: PASSWORD, newPassword: 'long enough', extra: 1 }, 'extra', 'Unknown field'],
  ])('refuses %j with VALIDATION_FAILED', async (body, field, message) => {
    const u = await srv.signup();
    const res = await u.client.post('/api/auth/password', body);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(errorOf(res).message).toContain(message);
  });

  it('401 without a session', async () => {
    expect((await changePassword(srv.client(), PASSWORD, 'a brand new secret')).status).toBe(401);
  });
});

describe('password-reset links', () => {
  const makeLink = async (forId: number, by: TestClient = owner.client) => {
    const res = await by.post<ResetLink>(`/api/users/${forId}/reset-link`);
    expect(res.status).toBe(201);
    return res.json;
  };
  const check = async (token: string) =>
    (await srv.client().get<ResetLinkState>(`/api/auth/reset/${token}`)).json;
  const use = (token: string, newPassword = 'reset to this one', client = srv.client()) =>
    client.post<Me>('/api/auth/reset', { token, newPassword });

  it('makes a link (256-bit token, stored only as a hash) valid for 24 hours', async () => {
    const u = await srv.signup();
    const link = await makeLink(u.user.id);
    const token = tokenOf(link);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`${srv.url}/#/reset/${token}`);
    expect(Date.parse(link.expiresAt) - srv.clock.now).toBe(24 * 60 * 60 * 1000);
    const stored = srv.server.context.db
      .prepare('SELECT hex(token_hash) AS h FROM password_resets WHERE user_id = ?')
      .all(u.user.id) as { h: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.h).toHaveLength(64);
    const dump = JSON.stringify(
      srv.server.context.db.prepare('SELECT * FROM password_resets').all(),
    );
    expect(dump).not.toContain(token);
    expect(await check(token)).toEqual({
      valid: true,
      nickname: u.user.nickname,
      expiresAt: link.expiresAt,
    });
  });

  it('sets the password, ends all the user’s sessions (sockets close) and signs this browser in', async () => {
    const u = await srv.signup();
    const phone = await secondSession(u.user.nickname);
    const s1 = await connect(srv, u.client);
    const s2 = await connect(srv, phone);
    const link = await makeLink(u.user.id);

    const browser = srv.client();
    const res = await use(tokenOf(link), 'reset to this one', browser);
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(u.user.id);
    expect((await s1.waitClosed()).code).toBe(WS_CLOSE.SESSION_ENDED);
    expect((await s2.waitClosed()).code).toBe(WS_CLOSE.SESSION_ENDED);
    expect((await u.client.get('/api/auth/me')).status).toBe(401);
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await browser.get<Me>('/api/auth/me')).json.id).toBe(u.user.id);
    await secondSession(u.user.nickname, 'reset to this one');
  });

  it('works once', async () => {
    const u = await srv.signup();
    const token = tokenOf(await makeLink(u.user.id));
    expect((await use(token)).status).toBe(200);
    const again = await use(token, 'another new one');
    expect(again.status).toBe(410);
    expect(errorOf(again).code).toBe('RESET_LINK_INVALID');
    expect(errorOf(again).message).toContain('already been used');
    expect(await check(token)).toEqual({ valid: false, reason: 'used' });
    await secondSession(u.user.nickname, 'reset to this one');
  });

  it('of two racing uses, exactly one succeeds', async () => {
    const u = await srv.signup();
    const token = tokenOf(await makeLink(u.user.id));
    const [a, b] = await Promise.all([use(token, 'first racer pw'), use(token, 'second racer pw')]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
  });

  it('expires after 24 hours (the server’s clock)', async () => {
    const u = await srv.signup();
    const token = tokenOf(await makeLink(u.user.id));
    srv.clock.advance(24 * 60 * 60 * 1000 - 1000);
    expect((await check(token)).valid).toBe(true);
    srv.clock.advance(1000);
    expect(await check(token)).toEqual({ valid: false, reason: 'expired' });
    const res = await use(token);
    expect(res.status).toBe(410);
    expect(errorOf(res).message).toContain('expired');
    await secondSession(u.user.nickname);
  });

  it('a newer link voids the older one; a password change voids an open link', async () => {
    const u = await srv.signup();
    const first = tokenOf(await makeLink(u.user.id));
    const second = tokenOf(await makeLink(u.user.id));
    expect(await check(first)).toEqual({ valid: false, reason: 'replaced' });
    expect((await use(first)).status).toBe(410);
    expect((await check(second)).valid).toBe(true);
    expect((await changePassword(u.client, PASSWORD, 'changed it myself')).status).toBe(204);
    expect(await check(second)).toEqual({ valid: false, reason: 'password_changed' });
    expect((await use(second)).status).toBe(410);
  });

  it('unknown or malformed tokens are invalid; a weak new password is refused', async () => {
    expect(await check('A'.repeat(43))).toEqual({ valid: false, reason: 'unknown' });
    expect(await check('not a token!')).toEqual({ valid: false, reason: 'unknown' });
    const unknown = await use('A'.repeat(43));
    expect(unknown.status).toBe(410);
    const u = await srv.signup();
    const token = tokenOf(await makeLink(u.user.id));
    const weak = await use(token, 'short');
    expect(weak.status).toBe(400);
    expect(errorOf(weak)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'newPassword' });
    expect((await check(token)).valid).toBe(true);
    const malformed = await srv
      .client()
      .post('/api/auth/reset', { token: '../x', newPassword: 'long enough' });
    expect(errorOf(malformed)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'token' });
  });

  it('logs user.reset_link in the moderation log, without the token', async () => {
    const u = await srv.signup();
    const link = await makeLink(u.user.id);
    const [entry] = srv.server.context.stores.moderationLog.page({ limit: 1, userId: u.user.id });
    expect(entry).toMatchObject<Partial<ModerationLogEntry>>({
      action: 'user.reset_link',
      actor: { id: owner.user.id, nickname: 'owner_pw' },
      targetType: 'user',
      targetId: u.user.id,
      targetUser: { id: u.user.id, nickname: u.user.nickname },
      detail: { expiresAt: link.expiresAt },
    });
    expect(JSON.stringify(entry)).not.toContain(tokenOf(link));
    expect(srv.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain(tokenOf(link));
  });

  it('404 for an unknown user', async () => {
    const res = await owner.client.post('/api/users/999999/reset-link');
    expect(res.status).toBe(404);
  });
});
