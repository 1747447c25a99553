/**
 * Who may do what, table-driven: each role (owner, admin, moderator, member) × each action
 * that needs a role (settings, categories, role changes, ownership transfer, adding people),
 * on their own account and on someone else's, with the owner's protections. Denied: 403
 * FORBIDDEN and nothing changed; missing: 404; no session: 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryInfo, Role, UserWithRole } from '../../common/api';
import {
  errorOf,
  signupBody,
  startTestServer,
  type TestClient,
  type TestResponse,
  type TestServer,
} from '../test/harness';

let srv: TestServer;
type Actor = { client: TestClient; id: number };
const as: Partial<Record<Role, Actor>> = {};
let bystander: Actor;
let seq = 0;

const actor = (role: Role): Actor => as[role]!;
const roleOf = (id: number) =>
  srv.server.context.db.prepare('SELECT role FROM users WHERE id = ?').pluck().get(id) as Role;

beforeAll(async () => {
  srv = await startTestServer();
  // The first sign-up owns the forum (harness: first-signup mode).
  const owner = await srv.signup({ nickname: 'owner_p' });
  as.owner = { client: owner.client, id: owner.user.id };
  for (const role of ['admin', 'moderator', 'member'] as const) {
    const u = await srv.signup({ nickname: `${role}_p` });
    as[role] = { client: u.client, id: u.user.id };
    if (role !== 'member') {
      const res = await owner.client.request('PUT', `/api/users/${u.user.id}/role`, {
        json: { role },
      });
      expect(res.status).toBe(200);
    }
  }
  const b = await srv.signup({ nickname: 'bystander_p' });
  bystander = { client: b.client, id: b.user.id };
});
afterAll(async () => {
  await srv.close();
});

/** A category made by the owner for one row, so rows never depend on each other. */
async function freshCategory(): Promise<CategoryInfo> {
  seq += 1;
  const res = await actor('owner').client.post<CategoryInfo>('/api/categories', {
    name: `Row ${seq}`,
  });
  expect(res.status).toBe(201);
  return res.json;
}

interface Action {
  name: string;
  allowed: readonly Role[];
  status: number;
  run: (c: TestClient, self: Actor) => Promise<TestResponse>;
}

const ACTIONS: Action[] = [
  {
    name: 'change settings',
    allowed: ['owner', 'admin'],
    status: 200,
    run: (c) => c.request('PATCH', '/api/forum', { json: { description: `d${++seq}` } }),
  },
  {
    name: 'list categories for managing',
    allowed: ['owner', 'admin'],
    status: 200,
    run: (c) => c.get('/api/forum/categories'),
  },
  {
    name: 'create a category',
    allowed: ['owner', 'admin'],
    status: 201,
    run: (c) => c.post('/api/categories', { name: `New ${++seq}`, color: '#112233' }),
  },
  {
    name: 'rename and recolour a category',
    allowed: ['owner', 'admin'],
    status: 200,
    run: async (c) => {
      const cat = await freshCategory();
      return c.request('PATCH', `/api/categories/${cat.id}`, {
        json: { name: `Renamed ${++seq}`, color: '#abcdef' },
      });
    },
  },
  {
    name: 'archive a category',
    allowed: ['owner', 'admin'],
    status: 200,
    run: async (c) => {
      const cat = await freshCategory();
      return c.request('PATCH', `/api/categories/${cat.id}`, { json: { archived: true } });
    },
  },
  {
    name: 'reorder the categories',
    allowed: ['owner', 'admin'],
    status: 200,
    run: async (c) => {
      const list = (await actor('owner').client.get<CategoryInfo[]>('/api/forum/categories')).json;
      return c.request('PUT', '/api/categories/order', {
        json: { ids: list.map((x) => x.id).reverse() },
      });
    },
  },
  {
    name: 'delete an empty category',
    allowed: ['owner', 'admin'],
    status: 204,
    run: async (c) => c.request('DELETE', `/api/categories/${(await freshCategory()).id}`),
  },
  {
    name: 'add a person',
    allowed: ['owner', 'admin'],
    status: 201,
    run: (c) => c.post('/api/users', signupBody()),
  },
  {
    name: 'make someone else a moderator',
    allowed: ['owner'],
    status: 200,
    run: async (c) => {
      const target = await srv.signup();
      return c.request('PUT', `/api/users/${target.user.id}/role`, { json: { role: 'moderator' } });
    },
  },
  {
    name: 'make oneself an admin',
    allowed: [],
    status: 0,
    run: (c, self) => c.request('PUT', `/api/users/${self.id}/role`, { json: { role: 'admin' } }),
  },
  {
    name: 'demote the owner to member',
    allowed: [],
    status: 0,
    run: (c) =>
      c.request('PUT', `/api/users/${actor('owner').id}/role`, { json: { role: 'member' } }),
  },
  {
    name: 'transfer ownership to oneself',
    allowed: [],
    status: 0,
    run: (c, self) => c.post('/api/forum/transfer', { userId: self.id }),
  },
];

describe.each(['owner', 'admin', 'moderator', 'member'] as const)('as %s', (role) => {
  it.each(ACTIONS.map((a) => [a.name, a] as const))('%s', async (_name, action) => {
    const self = actor(role);
    const res = await action.run(self.client, self);
    if (action.allowed.includes(role)) {
      expect(res.status, res.text).toBe(action.status);
      return;
    }
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    if (role === 'owner') {
      // The owner's own protections: never demoted, never transferring to themself.
      expect([400, 403]).toContain(res.status);
    } else {
      expect(res.status, res.text).toBe(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
    }
    expect(roleOf(actor('owner').id)).toBe('owner');
    expect(roleOf(self.id)).toBe(role);
  });
});

describe('the owner', () => {
  it('cannot be demoted by anyone, themself included, and the message says how to hand over', async () => {
    for (const role of ['owner', 'admin', 'moderator', 'member'] as const) {
      const res = await actor(role).client.request('PUT', `/api/users/${actor('owner').id}/role`, {
        json: { role: 'admin' },
      });
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
    }
    const own = await actor('owner').client.request('PUT', `/api/users/${actor('owner').id}/role`, {
      json: { role: 'admin' },
    });
    expect(errorOf(own).message).toBe(
      "Nobody can change the owner's role. To hand the forum over, transfer ownership.",
    );
    expect(roleOf(actor('owner').id)).toBe('owner');
  });

  it('cannot be made twice: "owner" is not a role one can give', async () => {
    const res = await actor('owner').client.request('PUT', `/api/users/${bystander.id}/role`, {
      json: { role: 'owner' },
    });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'role' });
  });

  it('gets 404 for a user or category that does not exist; a member gets 403 first', async () => {
    const o = actor('owner').client;
    const cases: [string, string, unknown][] = [
      ['PUT', '/api/users/9999/role', { role: 'admin' }],
      ['PATCH', '/api/categories/9999', { name: 'Ghost' }],
      ['DELETE', '/api/categories/9999', undefined],
      ['POST', '/api/forum/transfer', { userId: 9999 }],
    ];
    for (const [method, path, json] of cases) {
      const res = await o.request(method, path, json === undefined ? {} : { json });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(errorOf(res).code).toBe('NOT_FOUND');
      const member = await actor('member').client.request(
        method,
        path,
        json === undefined ? {} : { json },
      );
      expect(member.status, `${method} ${path}`).toBe(403);
    }
  });

  it('every managing route needs a session', async () => {
    const anon = srv.client();
    const cases: [string, string, unknown][] = [
      ['PATCH', '/api/forum', { name: 'x' }],
      ['GET', '/api/forum/staff', undefined],
      ['GET', '/api/forum/categories', undefined],
      ['POST', '/api/categories', { name: 'x' }],
      ['PATCH', '/api/categories/1', { name: 'x' }],
      ['PUT', '/api/categories/order', { ids: [1] }],
      ['DELETE', '/api/categories/1', undefined],
      ['PUT', '/api/users/1/role', { role: 'admin' }],
      ['POST', '/api/forum/transfer', { userId: 2 }],
      ['POST', '/api/users', signupBody()],
    ];
    for (const [method, path, json] of cases) {
      const res = await anon.request(method, path, json === undefined ? {} : { json });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(errorOf(res).code).toBe('UNAUTHENTICATED');
    }
  });

  it('a demotion applies at the next request', async () => {
    const u = await srv.signup();
    const o = actor('owner').client;
    await o.request('PUT', `/api/users/${u.user.id}/role`, { json: { role: 'admin' } });
    expect((await u.client.get('/api/forum/categories')).status).toBe(200);
    await o.request('PUT', `/api/users/${u.user.id}/role`, { json: { role: 'member' } });
    expect((await u.client.get('/api/forum/categories')).status).toBe(403);
  });

  it('transfers ownership: the new owner gets every power, the old one stays an admin', async () => {
    const s = await startTestServer();
    try {
      const first = await s.signup({ nickname: 'first_owner' });
      const next = await s.signup({ nickname: 'next_owner' });
      const res = await first.client.post('/api/forum/transfer', { userId: next.user.id });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        owner: { id: next.user.id, nickname: 'next_owner', role: 'owner' },
        previousOwner: { id: first.user.id, nickname: 'first_owner', role: 'admin' },
      });
      expect((await s.client().get<UserWithRole[]>('/api/forum/staff')).status).toBe(401);
      expect((await first.client.get<UserWithRole[]>('/api/forum/staff')).json).toEqual([
        { id: next.user.id, nickname: 'next_owner', role: 'owner' },
        { id: first.user.id, nickname: 'first_owner', role: 'admin' },
      ]);
      // The old owner is an admin now: no more role changes, and cannot take it back.
      const back = await first.client.post('/api/forum/transfer', { userId: first.user.id });
      expect(back.status).toBe(403);
      const demote = await first.client.request('PUT', `/api/users/${next.user.id}/role`, {
        json: { role: 'member' },
      });
      expect(demote.status).toBe(403);
      // The new owner can.
      const ok = await next.client.request('PUT', `/api/users/${first.user.id}/role`, {
        json: { role: 'member' },
      });
      expect(ok.json).toEqual({ id: first.user.id, nickname: 'first_owner', role: 'member' });
    } finally {
      await s.close();
    }
  });
});
