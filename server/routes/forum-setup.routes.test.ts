/**
 * Setup of a new forum (POST /api/forum/setup): the one-time token is required, a wrong one
 * refused, it works once; nobody signs up before it; GET /api/forum says what the UI needs.
 * The forum here is in the default `token` mode (the harness's other servers are not).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  CategoryListItem,
  ForumState,
  Me,
  SetupRequest,
  UserWithRole,
} from '../../common/api';
import { errorOf, signupBody, startTestServer, type TestServer } from '../test/harness';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function fresh(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer({ setup: 'token', forumName: 'Configured name', ...options });
  servers.push(s);
  return s;
}

function setupBody(token: string, patch: Partial<SetupRequest> = {}): SetupRequest {
  return {
    token,
    forum: { name: 'Chess club', description: 'Tuesdays at eight' },
    template: 'club',
    owner: signupBody({ nickname: 'founder' }),
    ...patch,
  };
}

describe('a new forum', () => {
  it('needs setup, makes a token, and refuses sign-up until then', async () => {
    const s = await fresh();
    const state = await s.client().get<ForumState>('/api/forum');
    expect(state.status).toBe(200);
    expect(state.json).toEqual({
      setupRequired: true,
      name: 'Configured name',
      description: '',
      signupOpen: true,
      minAge: 13,
    });
    expect(s.server.setupToken()).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(s.server.setupUrl()).toBe(`${s.url}/#/setup?token=${s.server.setupToken()}`);

    const res = await s.client().post('/api/auth/signup', signupBody());
    expect(res.status).toBe(409);
    expect(errorOf(res)).toEqual({
      code: 'SETUP_REQUIRED',
      message:
        'This forum is not set up yet: its host must finish setup before anyone can sign up.',
    });
    expect(s.server.context.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
  });

  it('refuses a missing or wrong token, and stores nothing', async () => {
    const s = await fresh();
    const { token: _t, ...noToken } = setupBody('x');
    const missing = await s.client().post('/api/forum/setup', noToken);
    expect(missing.status).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'token' });

    const wrong = await s.client().post('/api/forum/setup', setupBody(`${s.server.setupToken()}x`));
    expect(wrong.status).toBe(403);
    expect(errorOf(wrong)).toEqual({
      code: 'INVALID_SETUP_TOKEN',
      message: 'That setup token is not right. Use the address the host printed at start.',
      field: 'token',
    });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(s.server.context.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    expect((await s.client().get<ForumState>('/api/forum')).json.setupRequired).toBe(true);
  });

  it('sets the forum up once: owner signed in, template categories, settings, then sign-up works', async () => {
    const s = await fresh();
    const token = s.server.setupToken()!;
    const owner = s.client();
    const res = await owner.post<Me>('/api/forum/setup', setupBody(token));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ id: 1, nickname: 'founder', role: 'owner' });
    expect(owner.cookie).not.toBeNull();

    const state = await owner.get<ForumState>('/api/forum');
    expect(state.json).toEqual({
      setupRequired: false,
      name: 'Chess club',
      description: 'Tuesdays at eight',
      signupOpen: true,
      minAge: 13,
      role: 'owner',
    });
    expect((await s.client().get<ForumState>('/api/forum')).json).not.toHaveProperty('role');
    const cats = await owner.get<CategoryListItem[]>('/api/categories');
    expect(cats.json.map((c) => c.name)).toEqual([
      'Announcements',
      'Events',
      'Members',
      'Ideas',
      'Off-topic',
    ]);
    expect(cats.json[0]).toEqual({
      id: 1,
      name: 'Announcements',
      color: '#dc2626',
      following: false,
    });
    expect((await owner.get<UserWithRole[]>('/api/forum/staff')).json).toEqual([
      { id: 1, nickname: 'founder', role: 'owner' },
    ]);
    expect(s.server.setupToken()).toBeNull();
    expect(s.server.setupUrl()).toBeNull();

    // Single use: the same token (or any) is refused now.
    const again = await s.client().post(
      '/api/forum/setup',
      setupBody(token, {
        owner: signupBody({ nickname: 'usurper' }),
      }),
    );
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('ALREADY_SET_UP');

    const member = await s.client().post<Me>('/api/auth/signup', signupBody());
    expect(member.status).toBe(201);
    expect((await s.client().get('/api/info')).json).toMatchObject({ name: 'Chess club' });
  });

  it('starts empty with the empty template, and keeps the usual eight with general', async () => {
    const empty = await fresh();
    const a = empty.client();
    await a.post('/api/forum/setup', setupBody(empty.server.setupToken()!, { template: 'empty' }));
    expect((await a.get<CategoryListItem[]>('/api/categories')).json).toEqual([]);

    const general = await fresh();
    const b = general.client();
    await b.post(
      '/api/forum/setup',
      setupBody(general.server.setupToken()!, { template: 'general' }),
    );
    expect((await b.get<CategoryListItem[]>('/api/categories')).json.map((c) => c.name)).toEqual([
      'General',
      'Sport',
      'Music',
      'Movies',
      'Science',
      'Politics',
      'Culture',
      'Technology',
    ]);
  });

  it('validates the setup body field by field', async () => {
    const s = await fresh();
    const token = s.server.setupToken()!;
    const cases: [Partial<SetupRequest> | Record<string, unknown>, string][] = [
      [{ template: 'castle' as never }, 'template'],
      [{ forum: { name: '   ', description: '' } }, 'forum'],
      [{ owner: { ...signupBody(), age: 12 } }, 'owner'],
    ];
    for (const [patch, field] of cases) {
      const res = await s.client().post('/api/forum/setup', { ...setupBody(token), ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect(s.server.setupToken()).toBe(token);
  });

  it('names the default room (issue 11): given at setup, "General" when not; validated', async () => {
    type Summary = { name: string; isDefault: boolean; kind: string }[];
    const defaultRoom = async (c: ReturnType<TestServer['client']>) =>
      (await c.get<Summary>('/api/conversations')).json.filter((r) => r.isDefault);

    const named = await fresh();
    const token = named.server.setupToken()!;
    // Validated like any room name, field by field; nothing is set up by a refused body.
    for (const [room, message] of [
      ['   ', 'Room name is required'],
      ['x'.repeat(65), 'Room name must be at most 64 characters'],
      [42, 'Room name is required'],
    ] as const) {
      const res = await named.client().post('/api/forum/setup', { ...setupBody(token), room });
      expect(res.status, String(room)).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'room', message });
    }
    expect(named.server.setupToken()).toBe(token);
    const owner = named.client();
    const res = await owner.post<Me>('/api/forum/setup', { ...setupBody(token), room: ' lobby ' });
    expect(res.status, res.text).toBe(201);
    expect(await defaultRoom(owner)).toMatchObject([{ name: 'lobby', kind: 'room' }]);
    // Everyone who signs up later is in it, under that name.
    const member = named.client();
    expect((await member.post('/api/auth/signup', signupBody())).status).toBe(201);
    expect(await defaultRoom(member)).toMatchObject([{ name: 'lobby' }]);

    const plain = await fresh();
    const o = plain.client();
    expect((await o.post('/api/forum/setup', setupBody(plain.server.setupToken()!))).status).toBe(
      201,
    );
    expect(await defaultRoom(o)).toMatchObject([{ name: 'General' }]);
  });

  it('lets only one of two racing setups win', async () => {
    const s = await fresh();
    const token = s.server.setupToken()!;
    const results = await Promise.all([
      s
        .client()
        .post('/api/forum/setup', setupBody(token, { owner: signupBody({ nickname: 'one' }) })),
      s
        .client()
        .post('/api/forum/setup', setupBody(token, { owner: signupBody({ nickname: 'two' }) })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(
      s.server.context.db.prepare("SELECT count(*) FROM users WHERE role = 'owner'").pluck().get(),
    ).toBe(1);
  });

  it('writes the token to --setup-token-file (mode 0600), and makes none once set up', async () => {
    const s = await fresh();
    const first = s.server.setupToken();
    await s.close({ keepData: true });
    servers.pop();
    const file = join(s.dataDir, 'setup-token.txt');
    const again = await fresh({ dataDir: s.dataDir, setupTokenFile: file });
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toBe(again.server.setupToken());
    expect(token).not.toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await again.client().post('/api/forum/setup', setupBody(token));
    await again.close({ keepData: true });
    servers.pop();
    const third = await fresh({ dataDir: s.dataDir });
    expect(third.server.setupToken()).toBeNull();
    expect((await third.client().get<ForumState>('/api/forum')).json.setupRequired).toBe(false);
  });
});
