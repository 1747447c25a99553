/**
 * Profiles and one's own account: what a profile shows (and to whom the e-mail), editing
 * names, e-mail and bio (validated like sign-up, heard live by everyone without the e-mail).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../common/accounts';
import type { Me } from '../../common/api';
import { closeAllClients, connect } from '../test/ws-client';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';

let srv: TestServer;
let owner: { client: TestClient; user: Me };
let ann: { client: TestClient; user: Me };
let bob: { client: TestClient; user: Me };

beforeAll(async () => {
  srv = await startTestServer();
  owner = await srv.signup({ nickname: 'owner_a' });
  ann = await srv.signup({ nickname: 'ann_a', firstName: 'Ann', lastName: 'Lee' });
  bob = await srv.signup({ nickname: 'bob_a' });
});
afterAll(async () => {
  await srv.close();
});
afterEach(() => closeAllClients());

const patchMe = (c: TestClient, json: unknown) =>
  c.request<Profile>('PATCH', '/api/auth/me', { json });

describe('GET /api/users/:id/profile', () => {
  it('shows names, role, joined date, counts and the newest five posts', async () => {
    const cat = (await ann.client.get<{ id: number }[]>('/api/categories')).json[0]!.id;
    for (let i = 1; i <= 6; i++) {
      const res = await ann.client.post('/api/posts', {
        title: `Post ${i}`,
        body: 'x '.repeat(400 * i),
        categoryIds: [cat],
      });
      expect(res.status).toBe(201);
    }
    const firstPost = (await ann.client.get<{ items: { id: number }[] }>('/api/posts')).json
      .items[0]!.id;
    for (let i = 0; i < 2; i++) {
      expect(
        (await bob.client.post(`/api/posts/${firstPost}/comments`, { body: 'hi' })).status,
      ).toBe(201);
    }
    const res = await bob.client.get<Profile>(`/api/users/${ann.user.id}/profile`);
    expect(res.status).toBe(200);
    const p = res.json;
    expect(p).toMatchObject({
      id: ann.user.id,
      nickname: 'ann_a',
      firstName: 'Ann',
      lastName: 'Lee',
      role: 'member',
      bio: '',
      joinedAt: ann.user.createdAt,
      postCount: 6,
      commentCount: 0,
      online: false,
    });
    expect(p.recentPosts.map((x) => x.title)).toEqual([
      'Post 6',
      'Post 5',
      'Post 4',
      'Post 3',
      'Post 2',
    ]);
    // Summaries, as in the feed: a long body is capped.
    expect(p.recentPosts[0]!.bodyTruncated).toBe(true);
    expect(
      (await bob.client.get<Profile>(`/api/users/${bob.user.id}/profile`)).json.commentCount,
    ).toBe(2);
  });

  it('leaves deleted posts and comments out of the counts and the newest posts', async () => {
    const profile = async () =>
      (await bob.client.get<Profile>(`/api/users/${ann.user.id}/profile`)).json;
    const before = await profile();
    const newest = before.recentPosts[0]!;
    const comment = await ann.client.post<{ id: number }>(`/api/posts/${newest.id}/comments`, {
      body: 'mine',
    });
    expect((await profile()).commentCount).toBe(before.commentCount + 1);
    expect((await ann.client.request('DELETE', `/api/comments/${comment.json.id}`)).status).toBe(
      204,
    );
    expect((await ann.client.request('DELETE', `/api/posts/${newest.id}`)).status).toBe(204);
    const after = await profile();
    expect(after.postCount).toBe(before.postCount - 1);
    expect(after.commentCount).toBe(before.commentCount);
    expect(after.recentPosts.map((x) => x.id)).not.toContain(newest.id);
  });

  it('says whether the person is online', async () => {
    const live = await connect(srv, ann.client);
    expect((await bob.client.get<Profile>(`/api/users/${ann.user.id}/profile`)).json.online).toBe(
      true,
    );
    live.close();
  });

  it('finds a profile by nickname, case-insensitively', async () => {
    const res = await bob.client.get<Profile>('/api/users/by-nickname/ANN_A/profile');
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(ann.user.id);
    const missing = await bob.client.get('/api/users/by-nickname/nobody_here/profile');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
    expect((await bob.client.get('/api/users/by-nickname/a%20b/profile')).status).toBe(404);
  });

  it('404 for an unknown id, 400 for a malformed one, 401 without a session', async () => {
    const missing = await bob.client.get('/api/users/999999/profile');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
    expect((await bob.client.get('/api/users/abc/profile')).status).toBe(400);
    const anon = await srv.client().get(`/api/users/${ann.user.id}/profile`);
    expect(anon.status).toBe(401);
  });

  it('shows the e-mail only to the person themself and to the owner and admins', async () => {
    const mod = await srv.signup({ nickname: 'mod_a' });
    const admin = await srv.signup({ nickname: 'admin_a' });
    for (const [u, role] of [
      [mod, 'moderator'],
      [admin, 'admin'],
    ] as const) {
      const res = await owner.client.request('PUT', `/api/users/${u.user.id}/role`, {
        json: { role },
      });
      expect(res.status).toBe(200);
    }
    const emailSeenBy = async (c: TestClient) =>
      (await c.get<Profile>(`/api/users/${ann.user.id}/profile`)).json.email;
    expect(await emailSeenBy(ann.client)).toBe(ann.user.email);
    expect(await emailSeenBy(owner.client)).toBe(ann.user.email);
    expect(await emailSeenBy(admin.client)).toBe(ann.user.email);
    expect(await emailSeenBy(mod.client)).toBeUndefined();
    expect(await emailSeenBy(bob.client)).toBeUndefined();
    // Not even under another name in the JSON.
    const raw = (await bob.client.get(`/api/users/${ann.user.id}/profile`)).text;
    expect(raw).not.toContain(ann.user.email);
  });
});

describe('PATCH /api/auth/me', () => {
  it('changes names, e-mail and bio; everyone hears user.updated without the e-mail', async () => {
    const watcher = await connect(srv, bob.client);
    const from = watcher.events.length;
    const res = await patchMe(ann.client, {
      firstName: '  Annie ',
      lastName: 'Leeds',
      email: 'annie@example.com',
      bio: 'Plays the cello.\nLikes tea.',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      firstName: 'Annie',
      lastName: 'Leeds',
      email: 'annie@example.com',
      bio: 'Plays the cello.\nLikes tea.',
    });
    const event = await watcher.next('user.updated', (e) => e.payload.user.id === ann.user.id, {
      from,
    });
    expect(event.payload.user).toEqual({
      id: ann.user.id,
      nickname: 'ann_a',
      role: 'member',
      firstName: 'Annie',
      lastName: 'Leeds',
      bio: 'Plays the cello.\nLikes tea.',
    });
    expect(JSON.stringify(event)).not.toContain('annie@example.com');
    // The session's Me follows, and the new e-mail logs in.
    expect((await ann.client.get<Me>('/api/auth/me')).json.email).toBe('annie@example.com');
    const login = await srv.client().post('/api/auth/login', {
      login: 'annie@example.com',
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
  });

  it('a client that was away gets the edit on resume, once', async () => {
    const first = await connect(srv, bob.client);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();
    expect((await patchMe(ann.client, { bio: 'Back from holiday.' })).status).toBe(200);
    const again = await connect(srv, bob.client, { resume: since });
    const ev = await again.next('user.updated', (e) => e.payload.user.bio === 'Back from holiday.');
    expect(ev.payload.user.id).toBe(ann.user.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(again.of('user.updated').filter((e) => e.eventId === ev.eventId)).toHaveLength(1);
  });

  it('keeps what is not given, and an empty bio clears it', async () => {
    expect((await patchMe(ann.client, { bio: 'Hello' })).json.firstName).toBe('Annie');
    expect((await patchMe(ann.client, { bio: '   ' })).json.bio).toBe('');
  });

  it('refuses an e-mail someone else has (EMAIL_TAKEN), but not a change of case of one’s own', async () => {
    const taken = await patchMe(ann.client, { email: bob.user.email.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(errorOf(taken)).toMatchObject({ code: 'EMAIL_TAKEN', field: 'email' });
    const own = await patchMe(ann.client, { email: 'ANNIE@example.com' });
    expect(own.status).toBe(200);
  });

  it.each([
    [{}, undefined, 'Change at least one field'],
    [{ email: 'not-an-email' }, 'email', 'Enter a valid e-mail address'],
    [{ firstName: '' }, 'firstName', 'First name is required'],
    [{ lastName: 'x'.repeat(65) }, 'lastName', 'Last name must be at most 64 characters'],
    [{ bio: 'x'.repeat(281) }, 'bio', 'Bio must be at most 280 characters'],
    [{ bio: 'a\u0000b' }, 'bio', 'Bio contains invisible control characters'],
    [{ nickname: 'new' }, 'nickname', 'Unknown field "nickname".'],
    [{ role: 'owner' }, 'role', 'Unknown field "role".'],
  ])('refuses %j', async (body, field, message) => {
    const res = await patchMe(ann.client, body);
    expect(res.status).toBe(400);
    const err = errorOf(res);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
  });

  it('401 without a session', async () => {
    expect((await patchMe(srv.client(), { bio: 'x' })).status).toBe(401);
  });
});
