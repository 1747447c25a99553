/**
 * What the owner and admins shape: settings (sign-up open or closed, minimum age, name),
 * categories (create, rename, recolour, reorder, archive, delete only when empty), and that
 * every change reaches clients live and through `resume`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  CategoryAdminItem,
  CategoryInfo,
  CategoryListItem,
  ForumSettings,
  ForumState,
  Me,
  PostPage,
} from '../../common/api';
import type { ServerEvent } from '../../common/protocol';
import {
  errorOf,
  signupBody,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../test/harness';
import { closeAllClients, connect, until } from '../test/ws-client';

let srv: TestServer;
let owner: TestClient;
let admin: TestClient;
let member: TestClient;
let memberId: number;
beforeAll(async () => {
  srv = await startTestServer();
  owner = (await srv.signup()).client;
  const a = await srv.signup();
  admin = a.client;
  await owner.request('PUT', `/api/users/${a.user.id}/role`, { json: { role: 'admin' } });
  const m = await srv.signup();
  member = m.client;
  memberId = m.user.id;
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

const patchForum = (c: TestClient, json: unknown) => c.request('PATCH', '/api/forum', { json });
const picker = async (c: TestClient) =>
  (await c.get<CategoryListItem[]>('/api/categories')).json.map((x) => x.name);

describe('forum settings', () => {
  it('closed sign-up refuses sign-ups; an admin adds people, who can log in', async () => {
    const closed = await patchForum(admin, { signupOpen: false });
    expect(closed.status).toBe(200);
    expect((closed.json as ForumSettings).signupOpen).toBe(false);
    try {
      const res = await srv.client().post('/api/auth/signup', signupBody());
      expect(res.status).toBe(403);
      expect(errorOf(res)).toEqual({
        code: 'SIGNUP_CLOSED',
        message: 'Sign-up is closed on this forum: ask an admin to add you.',
      });
      const body = signupBody();
      const added = await admin.post<Me>('/api/users', body);
      expect(added.status).toBe(201);
      expect(added.json.nickname).toBe(body.nickname);
      expect(added.headers.get('set-cookie')).toBeNull();
      const login = await srv.client().post('/api/auth/login', {
        login: body.nickname,
        password: body.password,
      });
      expect(login.status).toBe(200);
    } finally {
      await patchForum(owner, { signupOpen: true });
    }
    expect((await srv.client().post('/api/auth/signup', signupBody())).status).toBe(201);
  });

  it('a minimum age above 13 refuses younger sign-ups with a field error', async () => {
    await patchForum(owner, { minAge: 18 });
    try {
      const young = await srv.client().post('/api/auth/signup', signupBody({ age: 17 }));
      expect(young.status).toBe(400);
      expect(errorOf(young)).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'You must be at least 18',
        field: 'age',
      });
      expect((await srv.client().post('/api/auth/signup', signupBody({ age: 18 }))).status).toBe(
        201,
      );
      expect((await srv.client().get<ForumState>('/api/forum')).json.minAge).toBe(18);
    } finally {
      await patchForum(owner, { minAge: 13 });
    }
  });

  it('validates settings', async () => {
    const cases: [unknown, string | undefined][] = [
      [{}, undefined],
      [{ minAge: 12 }, 'minAge'],
      [{ minAge: 18.5 }, 'minAge'],
      [{ signupOpen: 'yes' }, 'signupOpen'],
      [{ name: '' }, 'name'],
      [{ description: 'x'.repeat(501) }, 'description'],
      [{ colour: 'red' }, undefined],
    ];
    for (const [json, field] of cases) {
      const res = await patchForum(owner, json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      if (field) expect(errorOf(res).field).toBe(field);
    }
  });
});

describe('categories', () => {
  it('create, rename, recolour, reorder; names stay unique case-insensitively', async () => {
    const made = await admin.post<CategoryInfo>('/api/categories', {
      name: ' Board games ',
      color: '#AABBCC',
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: 'Board games', color: '#aabbcc', archived: false });
    const taken = await owner.post('/api/categories', { name: 'board GAMES' });
    expect(taken.status).toBe(409);
    expect(errorOf(taken)).toMatchObject({ code: 'CATEGORY_NAME_TAKEN', field: 'name' });
    expect((await owner.post('/api/categories', { name: 'X', color: 'red' })).status).toBe(400);

    const renamed = await admin.request('PATCH', `/api/categories/${made.json.id}`, {
      json: { name: 'Tabletop', color: null },
    });
    expect(renamed.json).toMatchObject({ id: made.json.id, name: 'Tabletop', color: null });
    expect(await picker(member)).toContain('Tabletop');

    const all = (await admin.get<CategoryAdminItem[]>('/api/forum/categories')).json;
    const ids = all.map((c) => c.id);
    const reversed = [...ids].reverse();
    const order = await admin.request('PUT', '/api/categories/order', { json: { ids: reversed } });
    expect(order.status).toBe(200);
    expect((order.json as CategoryAdminItem[]).map((c) => c.id)).toEqual(reversed);
    expect((await member.get<CategoryListItem[]>('/api/categories')).json.map((c) => c.id)).toEqual(
      reversed,
    );
    const partial = await admin.request('PUT', '/api/categories/order', {
      json: { ids: ids.slice(1) },
    });
    expect(partial.status).toBe(400);
    expect(errorOf(partial)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'ids' });
    await admin.request('PUT', '/api/categories/order', { json: { ids } });
  });

  it('archived: gone from the picker, its posts kept and reachable; deleting needs it empty', async () => {
    const cat = (await admin.post<CategoryInfo>('/api/categories', { name: 'Old news' })).json;
    const post = await member.post<{ id: number }>('/api/posts', {
      title: 'Kept',
      body: 'Still here',
      categoryIds: [cat.id],
    });
    expect(post.status).toBe(201);

    const archived = await admin.request('PATCH', `/api/categories/${cat.id}`, {
      json: { archived: true },
    });
    expect((archived.json as CategoryInfo).archived).toBe(true);
    expect(await picker(member)).not.toContain('Old news');
    const page = await member.get<PostPage>(`/api/posts?category=${cat.id}`);
    expect(page.json.items.map((p) => p.title)).toEqual(['Kept']);
    expect(page.json.items[0]!.categories).toEqual([{ id: cat.id, name: 'Old news' }]);
    expect((await member.get(`/api/posts/${post.json.id}`)).status).toBe(200);
    const intoArchived = await member.post('/api/posts', {
      title: 'Late',
      body: 'Too late',
      categoryIds: [cat.id],
    });
    expect(intoArchived.status).toBe(400);
    expect(errorOf(intoArchived)).toMatchObject({ code: 'UNKNOWN_CATEGORY', field: 'categoryIds' });
    const admins = (await admin.get<CategoryAdminItem[]>('/api/forum/categories')).json;
    expect(admins.find((c) => c.id === cat.id)).toMatchObject({ archived: true, postCount: 1 });

    const del = await admin.request('DELETE', `/api/categories/${cat.id}`);
    expect(del.status).toBe(409);
    expect(errorOf(del).code).toBe('CATEGORY_NOT_EMPTY');

    const empty = (await admin.post<CategoryInfo>('/api/categories', { name: 'Empty one' })).json;
    await member.request('PUT', `/api/categories/${empty.id}/follow`);
    expect((await admin.request('DELETE', `/api/categories/${empty.id}`)).status).toBe(204);
    expect(await picker(member)).not.toContain('Empty one');
    expect((await admin.request('DELETE', `/api/categories/${empty.id}`)).status).toBe(404);
  });

  it('a rename shows in the feed at once (the feed cache is dropped)', async () => {
    const cat = (await admin.post<CategoryInfo>('/api/categories', { name: 'Before' })).json;
    await member.post('/api/posts', { title: 'Named', body: '…', categoryIds: [cat.id] });
    const names = async () =>
      (await member.get<PostPage>('/api/posts')).json.items[0]!.categories.map((c) => c.name);
    expect(await names()).toEqual(['Before']);
    await admin.request('PATCH', `/api/categories/${cat.id}`, { json: { name: 'After' } });
    expect(await names()).toEqual(['After']);
  });
});

describe('live events', () => {
  it('reach connected clients, and a client that was away gets them on resume, in order', async () => {
    const first = await connect(srv, member);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();
    const watcher = await connect(srv, owner);

    const cat = (await admin.post<CategoryInfo>('/api/categories', { name: 'Live one' })).json;
    await admin.request('PATCH', `/api/categories/${cat.id}`, { json: { color: '#010203' } });
    await admin.request('DELETE', `/api/categories/${cat.id}`);
    await admin.request('PATCH', '/api/forum', { json: { name: 'Renamed forum' } });
    await owner.request('PUT', `/api/users/${memberId}/role`, { json: { role: 'moderator' } });

    const expected = [
      'category.created',
      'category.updated',
      'category.deleted',
      'forum.updated',
      'user.updated',
    ];
    const durable = (events: ServerEvent[]) =>
      events.filter((e) => 'eventId' in e && expected.includes(e.type));
    await until(() => durable(watcher.events).length === 5, 'live admin events');

    const back = await connect(srv, member, { resume: since });
    await until(() => durable(back.events).length === 5, 'replayed admin events');
    const replayed = durable(back.events);
    expect(replayed.map((e) => e.type)).toEqual(expected);
    expect(replayed.map((e) => e.payload)).toEqual([
      { category: { ...cat } },
      { category: { ...cat, color: '#010203' } },
      { id: cat.id },
      { forum: expect.objectContaining({ name: 'Renamed forum' }) },
      { user: { id: memberId, nickname: expect.any(String), role: 'moderator' } },
    ]);
    expect(durable(watcher.events).map((e) => (e as { eventId: number }).eventId)).toEqual(
      replayed.map((e) => (e as { eventId: number }).eventId),
    );
    await owner.request('PUT', `/api/users/${memberId}/role`, { json: { role: 'member' } });
  });
});
