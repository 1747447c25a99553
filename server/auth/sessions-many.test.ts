import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEndReason } from '../events/outbox';
import { startTestServer, type TestServer } from '../test/harness';

/**
 * `authenticateMany` (the WebSocket handshakes of a reconnect storm, looked up together) must
 * decide each header exactly as `authenticateCookieHeader` would alone, in order, with one
 * query for all of them.
 */
describe('SessionService.authenticateMany', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('gives each header what authenticateCookieHeader gives it, ending what it would end', async () => {
    s = await startTestServer({ sessionTtlMs: 8 * 3600_000 });
    const { sessions } = s.server.context;
    const name = s.server.sessionCookieName;
    const a = await s.signup();
    const b = await s.signup();
    const c = await s.signup();
    const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);
    // c's session expires: both ways must end it (and publish its end once).
    const ended: { userId: number; reason: SessionEndReason }[] = [];
    s.server.context.publisher.subscribe((committed) => {
      for (const e of committed.sessionsEnded) ended.push({ userId: e.userId, reason: e.reason });
    });
    const headers = [
      a.client.cookie!,
      `x=1; ${name}=${'A'.repeat(43)}; ${b.client.cookie!}`, // a stale value first, then b's
      undefined,
      `${name}=nope`,
      a.client.cookie!, // the same session twice in one batch
    ];
    const alone = headers.map((h) => sessions.authenticateCookieHeader(h));
    const many = sessions.authenticateMany(headers);
    expect(many).toEqual(alone);
    expect(many.map((r) => r?.user.id ?? null)).toEqual([
      a.user.id,
      b.user.id,
      null,
      null,
      a.user.id,
    ]);

    s.clock.advance(8 * 3600_000);
    const expired = sessions.authenticateMany([
      c.client.cookie!,
      c.client.cookie!,
      a.client.cookie!,
    ]);
    expect(expired).toEqual([null, null, null]);
    expect(ended.filter((e) => e.userId === c.user.id)).toEqual([
      { userId: c.user.id, reason: 'expired' },
    ]);
    expect(sessions.authenticateToken(tokenOf(c.client.cookie!))).toBeNull();
  });

  it('renews a session once per renewal period, even when it appears twice in one batch', async () => {
    s = await startTestServer({ sessionTtlMs: 8 * 3600_000 });
    const { sessions } = s.server.context;
    const a = await s.signup();
    // Past the renewal point (a quarter of the TTL): the first use renews, the second does not.
    s.clock.advance(2 * 3600_000 + 1);
    const [first, second] = sessions.authenticateMany([a.client.cookie!, a.client.cookie!]);
    expect(first?.renewed).toBe(true);
    expect(second?.renewed).toBe(false);
    expect(second?.expiresAtMs).toBe(first?.expiresAtMs);
    expect(sessions.authenticateCookieHeader(a.client.cookie!)?.renewed).toBe(false);
  });

  it('an empty batch gives nothing; a batch of several gives each header its own user', async () => {
    s = await startTestServer();
    const ctx = s.server.context;
    const users = await Promise.all([s.signup(), s.signup(), s.signup()]);
    expect(ctx.sessions.authenticateMany([])).toEqual([]);
    const results = ctx.sessions.authenticateMany(users.map((u) => u.client.cookie!));
    expect(results.map((r) => r?.user.id)).toEqual(users.map((u) => u.user.id));
  });
});
