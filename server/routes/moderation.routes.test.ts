/**
 * Moderation on a real server: pinned posts lead the feed (once, on the first page), a locked
 * post refuses comments, a suspension ends sessions and closes sockets with 4003 and login
 * explains it, the log pages, and every change reaches clients live and through resume.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ModerationLogPage,
  Post,
  PostPage,
  PostSummary,
  UserWithSuspension,
} from '../../common/api';
import { WS_CLOSE } from '../../common/protocol';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

let srv: TestServer;
let owner: { client: TestClient; id: number };
let mod: { client: TestClient; id: number };
let member: { client: TestClient; id: number; nickname: string };

beforeAll(async () => {
  srv = await startTestServer();
  const o = await srv.signup({ nickname: 'owner_mod' });
  owner = { client: o.client, id: o.user.id };
  const m = await srv.signup({ nickname: 'mod_mod' });
  mod = { client: m.client, id: m.user.id };
  await owner.client.request('PUT', `/api/users/${mod.id}/role`, { json: { role: 'moderator' } });
  const u = await srv.signup({ nickname: 'member_mod', password: 'member password 1' });
  member = { client: u.client, id: u.user.id, nickname: u.user.nickname };
});
afterAll(() => srv.close());
afterEach(() => closeAllClients());

const post = async (c: TestClient, title: string, categoryIds = [1]) => {
  const res = await c.post<Post>('/api/posts', { title, body: `${title} body`, categoryIds });
  expect(res.status).toBe(201);
  return res.json.id;
};
const put = (c: TestClient, path: string, json?: unknown) =>
  c.request('PUT', path, json === undefined ? {} : { json });
const del = (c: TestClient, path: string, json?: unknown) =>
  c.request('DELETE', path, json === undefined ? {} : { json });
const ids = (items: PostSummary[]) => items.map((p) => p.id);

describe('pinned posts', () => {
  it('lead the first page, newest pin first, and appear once across pages (and per category)', async () => {
    const s = await startTestServer();
    try {
      const o = await s.signup();
      const p: number[] = [];
      for (let i = 1; i <= 6; i++) p.push(await post(o.client, `P${i}`, i % 2 ? [1] : [1, 2]));
      const [p1, p2, p3, p4, p5, p6] = p as [number, number, number, number, number, number];
      expect((await put(o.client, `/api/posts/${p2}/pin`)).status).toBe(200);
      s.clock.advance(1000);
      expect((await put(o.client, `/api/posts/${p3}/pin`)).status).toBe(200);

      const first = (await o.client.get<PostPage>('/api/posts?limit=2')).json;
      expect(ids(first.items)).toEqual([p3, p2, p6, p5]);
      expect(first.items.slice(0, 2).every((x) => x.pinned)).toBe(true);
      expect(first.nextBefore).toBe(p5);
      const second = (await o.client.get<PostPage>(`/api/posts?limit=2&before=${p5}`)).json;
      expect(ids(second.items)).toEqual([p4, p1]);
      expect(second.nextBefore).toBeNull();

      // Category 2 holds p2, p4, p6: only its own pinned post leads it.
      const cat = (await o.client.get<PostPage>('/api/posts?category=2&limit=5')).json;
      expect(ids(cat.items)).toEqual([p2, p6, p4]);

      // Unpinned: back in its place by id.
      expect((await del(o.client, `/api/posts/${p3}/pin`)).status).toBe(200);
      const after = (await o.client.get<PostPage>('/api/posts?limit=10')).json;
      expect(ids(after.items)).toEqual([p2, p6, p5, p4, p3, p1]);
    } finally {
      await s.close();
    }
  });

  it('pinning twice changes nothing and logs once; a missing post is 404', async () => {
    const id = await post(member.client, 'Twice');
    const before = (await mod.client.get<ModerationLogPage>('/api/moderation/log')).json.items;
    expect((await put(mod.client, `/api/posts/${id}/pin`)).status).toBe(200);
    const again = await put(mod.client, `/api/posts/${id}/pin`);
    expect(again.status).toBe(200);
    expect((again.json as PostSummary).pinned).toBe(true);
    const log = (await mod.client.get<ModerationLogPage>('/api/moderation/log')).json.items;
    expect(log.length - before.length).toBe(1);
    const missing = await put(mod.client, '/api/posts/999999/pin');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
    const bad = await put(mod.client, `/api/posts/${id}/pin`, { reason: 5 });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
  });
});

describe('locked posts', () => {
  it('refuse new comments with 409 POST_LOCKED, say so, and take them again once unlocked', async () => {
    const id = await post(member.client, 'Heated');
    expect((await member.client.post(`/api/posts/${id}/comments`, { body: 'before' })).status).toBe(
      201,
    );
    const locked = await put(mod.client, `/api/posts/${id}/lock`, { reason: 'Cooling off' });
    expect(locked.status).toBe(200);
    expect((locked.json as PostSummary).locked).toBe(true);
    expect((await member.client.get<Post>(`/api/posts/${id}`)).json.locked).toBe(true);

    for (const c of [member.client, mod.client]) {
      const res = await c.post(`/api/posts/${id}/comments`, { body: 'after' });
      expect(res.status).toBe(409);
      expect(errorOf(res)).toEqual({
        code: 'POST_LOCKED',
        message: 'This post is locked: new comments are closed.',
      });
    }
    expect((await member.client.get<Post>(`/api/posts/${id}`)).json.commentCount).toBe(1);

    expect((await del(mod.client, `/api/posts/${id}/lock`)).status).toBe(200);
    expect((await member.client.post(`/api/posts/${id}/comments`, { body: 'again' })).status).toBe(
      201,
    );
  });
});

describe('suspension', () => {
  it('ends every session at once, closes open sockets with 4003, and login explains it until it ends', async () => {
    const s = await startTestServer();
    try {
      const o = await s.signup();
      const body = { login: 'suspendee', password: 'correct horse battery' };
      const u = await s.signup({ nickname: 'suspendee' });
      const second = s.client();
      expect((await second.post('/api/auth/login', body)).status).toBe(200);
      const sockets = [await connect(s, u.client), await connect(s, second)];

      const res = await put(o.client, `/api/users/${u.user.id}/suspension`, {
        until: '2025-03-08T14:00:00Z',
        reason: 'Spam',
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        userId: u.user.id,
        suspended: true,
        suspendedUntil: '2025-03-08T14:00:00.000Z',
      });
      for (const ws of sockets) {
        expect(await ws.waitClosed()).toEqual({ code: WS_CLOSE.SUSPENDED, reason: 'suspended' });
      }
      for (const c of [u.client, second]) {
        const me = await c.get('/api/auth/me');
        expect(me.status).toBe(401);
      }
      expect(
        s.server.context.db
          .prepare('SELECT COUNT(*) FROM sessions WHERE user_id = ?')
          .pluck()
          .get(u.user.id),
      ).toBe(0);

      const login = await s.client().post('/api/auth/login', body);
      expect(login.status).toBe(403);
      expect(errorOf(login)).toEqual({
        code: 'SUSPENDED',
        message:
          'Your account is suspended until 8 Mar 2025 14:00 UTC. A moderator can lift it sooner.',
        suspendedUntil: '2025-03-08T14:00:00.000Z',
      });
      // A wrong password does not learn of the suspension.
      const wrong = await s.client().post('/api/auth/login', { ...body, password: 'nope nope' });
      expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');

      // It ends by itself.
      s.clock.advance(8 * 24 * 60 * 60 * 1000);
      expect((await s.client().post('/api/auth/login', body)).status).toBe(200);
      const state = await o.client.get(`/api/users/${u.user.id}/suspension`);
      expect(state.json).toEqual({ userId: u.user.id, suspended: false, suspendedUntil: null });
    } finally {
      await s.close();
    }
  });

  it('indefinitely: login says so until someone unsuspends', async () => {
    const u = await srv.signup({ nickname: 'indef_mod' });
    const body = { login: 'indef_mod', password: 'correct horse battery' };
    expect(
      (await put(mod.client, `/api/users/${u.user.id}/suspension`, { until: null })).status,
    ).toBe(200);
    const login = await srv.client().post('/api/auth/login', body);
    expect(errorOf(login)).toEqual({
      code: 'SUSPENDED',
      message: 'Your account is suspended indefinitely. A moderator can lift it sooner.',
      suspendedUntil: null,
    });
    const lifted = await del(mod.client, `/api/users/${u.user.id}/suspension`, { reason: 'ok' });
    expect(lifted.json).toEqual({ userId: u.user.id, suspended: false, suspendedUntil: null });
    expect((await srv.client().post('/api/auth/login', body)).status).toBe(200);
  });

  it('validates until: a date-time in the future, at most ten years away', async () => {
    const u = await srv.signup();
    const path = `/api/users/${u.user.id}/suspension`;
    for (const until of ['tomorrow', '2025-02-01T00:00:00Z', '2040-01-01T00:00:00Z', 5]) {
      const res = await put(mod.client, path, { until });
      expect(res.status, JSON.stringify(until)).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'until' });
    }
    const missing = await put(mod.client, path, {});
    expect(errorOf(missing).field).toBe('until');
    expect((await put(mod.client, '/api/users/999999/suspension', { until: null })).status).toBe(
      404,
    );
    expect((await u.client.get('/api/auth/me')).status).toBe(200);
  });
});

describe('the moderation log', () => {
  it('lists who did what to what, newest first, with paging and a per-person filter', async () => {
    const id = await post(member.client, 'Logged');
    await put(mod.client, `/api/posts/${id}/pin`, { reason: 'Important' });
    await put(mod.client, `/api/posts/${id}/lock`);
    const target = await srv.signup();
    await put(mod.client, `/api/users/${target.user.id}/suspension`, {
      until: '2025-03-02T12:00:00Z',
      reason: 'Rude',
    });

    const page = (await mod.client.get<ModerationLogPage>('/api/moderation/log?limit=2')).json;
    expect(page.items.map((e) => e.action)).toEqual(['user.suspend', 'post.lock']);
    expect(page.items[0]).toMatchObject({
      actor: { id: mod.id, nickname: 'mod_mod' },
      targetType: 'user',
      targetId: target.user.id,
      targetUser: { id: target.user.id, nickname: target.user.nickname },
      reason: 'Rude',
      detail: { until: '2025-03-02T12:00:00.000Z' },
    });
    expect(page.nextBefore).toBe(page.items[1]!.id);
    const older = (
      await mod.client.get<ModerationLogPage>(
        `/api/moderation/log?limit=1&before=${page.nextBefore}`,
      )
    ).json;
    expect(older.items[0]).toMatchObject({
      action: 'post.pin',
      targetType: 'post',
      targetId: id,
      targetUser: { id: member.id },
      reason: 'Important',
    });

    const mine = (
      await mod.client.get<ModerationLogPage>(`/api/moderation/log?user=${target.user.id}`)
    ).json;
    expect(mine.items.map((e) => e.action)).toEqual(['user.suspend']);
    expect(mine.nextBefore).toBeNull();

    const bad = await mod.client.get('/api/moderation/log?limit=0');
    expect(bad.status).toBe(400);
    expect(errorOf(bad).field).toBe('limit');
    expect((await srv.client().get('/api/moderation/log')).status).toBe(401);
  });
});

describe('the log also records', () => {
  it('role changes, ownership transfer and category changes', async () => {
    const s = await startTestServer();
    try {
      const o = await s.signup();
      const u = await s.signup();
      await put(o.client, `/api/users/${u.user.id}/role`, { role: 'admin' });
      const cat = (await o.client.post<{ id: number }>('/api/categories', { name: 'Logged' })).json;
      await o.client.request('PATCH', `/api/categories/${cat.id}`, { json: { archived: true } });
      await del(o.client, `/api/categories/${cat.id}`);
      await o.client.post('/api/forum/transfer', { userId: u.user.id });
      const log = (await u.client.get<ModerationLogPage>('/api/moderation/log')).json.items;
      expect(log.map((e) => [e.action, e.targetType, e.targetId, e.detail])).toEqual([
        ['forum.transfer', 'user', u.user.id, { from: o.user.id, to: u.user.id }],
        ['category.delete', 'category', cat.id, { name: 'Logged' }],
        ['category.update', 'category', cat.id, { archived: true, name: 'Logged' }],
        ['category.create', 'category', cat.id, { name: 'Logged' }],
        ['user.role', 'user', u.user.id, { from: 'member', to: 'admin' }],
      ]);
      expect(log.every((e) => e.actor.id === o.user.id)).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('live', () => {
  it('post.updated reaches everyone live and through resume, each once; suspensions reach staff only', async () => {
    const id = await post(member.client, 'Live');
    const watcher = await connect(srv, member.client);
    const staffWs = await connect(srv, owner.client);
    const since = watcher.of('hello')[0]!.payload.lastEventId;
    const away = await srv.signup();
    const awayHello = (await connect(srv, away.client)).of('hello')[0]!.payload.lastEventId;
    closeAllClients();
    const live = await connect(srv, member.client, { resume: since });
    const staffLive = await connect(srv, owner.client);

    await put(mod.client, `/api/posts/${id}/pin`);
    await put(mod.client, `/api/posts/${id}/lock`);
    await del(mod.client, `/api/posts/${id}/pin`);
    const target = await srv.signup();
    await put(mod.client, `/api/users/${target.user.id}/suspension`, { until: null });

    const updates = (c: typeof live) =>
      c.of('post.updated').filter((e) => e.payload.post.id === id);
    await staffLive.next('user.updated', (e) => e.payload.user.id === target.user.id);
    await live.next('post.updated', (e) => e.payload.post.id === id && !e.payload.post.pinned);
    expect(updates(live).map((e) => [e.payload.post.pinned, e.payload.post.locked])).toEqual([
      [true, false],
      [true, true],
      [false, true],
    ]);
    const suspended = staffLive.of('user.updated').at(-1)!.payload.user as UserWithSuspension;
    expect(suspended).toMatchObject({ id: target.user.id, suspended: true, suspendedUntil: null });
    // A member does not hear of suspensions.
    expect(live.of('user.updated').filter((e) => e.payload.user.id === target.user.id)).toEqual([]);

    // The one who was away gets exactly the three post.updated events on resume.
    const back = await connect(srv, away.client, { resume: awayHello });
    await back.next('post.updated', (e) => e.payload.post.id === id && !e.payload.post.pinned);
    const got = updates(back);
    expect(got.map((e) => e.eventId)).toEqual(updates(live).map((e) => e.eventId));
    expect(new Set(back.eventIds()).size).toBe(back.eventIds().length);
    expect(staffWs.isOpen).toBe(false);
  });
});

describe('a session made while its user is suspended', () => {
  it('is refused and ended at its first use (a login that raced the suspension)', async () => {
    const u = await srv.signup();
    await put(mod.client, `/api/users/${u.user.id}/suspension`, { until: null });
    // As if a login had passed its checks just before the suspension committed.
    const late = srv.server.context.sessions.create(u.user.id);
    const c = srv.client();
    c.cookie = `${srv.server.sessionCookieName}=${late.token}`;
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(
      srv.server.context.db
        .prepare('SELECT COUNT(*) FROM sessions WHERE id = ?')
        .pluck()
        .get(late.sessionId),
    ).toBe(0);
  });
});
