/**
 * Who may moderate, table-driven: each role (owner, admin, moderator, member) × each action
 * (pin, unpin, lock, unlock, suspend, unsuspend, read the log) × whose item it is (their own
 * post or someone else's; for a suspension, the target's role, or themself). Denied: 403
 * FORBIDDEN and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, Role } from '../../common/api';
import {
  errorOf,
  startTestServer,
  type TestClient,
  type TestResponse,
  type TestServer,
} from '../test/harness';

let srv: TestServer;
type Actor = { client: TestClient; id: number };
const as: Partial<Record<Role, Actor>> = {};
let other: Actor;
const ROLES = ['owner', 'admin', 'moderator', 'member'] as const;
const STAFF: readonly Role[] = ['owner', 'admin', 'moderator'];

const actor = (role: Role): Actor => as[role]!;
const db = () => srv.server.context.db;
const postRow = (id: number) =>
  db().prepare('SELECT pinned_at, locked_at FROM posts WHERE id = ?').get(id) as {
    pinned_at: string | null;
    locked_at: string | null;
  };
const suspendedFlag = (id: number) =>
  db().prepare('SELECT suspended FROM users WHERE id = ?').pluck().get(id) as number;

beforeAll(async () => {
  srv = await startTestServer();
  const owner = await srv.signup({ nickname: 'owner_m' });
  as.owner = { client: owner.client, id: owner.user.id };
  for (const role of ['admin', 'moderator', 'member'] as const) {
    as[role] = await person(role);
  }
  other = await person('member');
});
afterAll(() => srv.close());

/** A fresh person with `role` (made so by the owner). */
async function person(role: Exclude<Role, 'owner'>): Promise<Actor> {
  const u = await srv.signup();
  if (role !== 'member') {
    const res = await as.owner!.client.request('PUT', `/api/users/${u.user.id}/role`, {
      json: { role },
    });
    expect(res.status).toBe(200);
  }
  return { client: u.client, id: u.user.id };
}

async function postBy(a: Actor, state: { pinned?: boolean; locked?: boolean } = {}) {
  const res = await a.client.post<Post>('/api/posts', {
    title: 'A post',
    body: 'Its body',
    categoryIds: [1],
  });
  expect(res.status).toBe(201);
  const id = res.json.id;
  const at = '2025-03-01T12:00:00.000Z';
  // Set up directly in the database, so a row depends on no other route.
  if (state.pinned) db().prepare('UPDATE posts SET pinned_at = ? WHERE id = ?').run(at, id);
  if (state.locked) db().prepare('UPDATE posts SET locked_at = ? WHERE id = ?').run(at, id);
  return id;
}

type Whose = 'own' | 'other';
interface PostAction {
  name: string;
  method: 'PUT' | 'DELETE';
  path: 'pin' | 'lock';
  before: { pinned?: boolean; locked?: boolean };
  changed: (id: number) => boolean;
}
const POST_ACTIONS: PostAction[] = [
  {
    name: 'pin',
    method: 'PUT',
    path: 'pin',
    before: {},
    changed: (id) => postRow(id).pinned_at !== null,
  },
  {
    name: 'unpin',
    method: 'DELETE',
    path: 'pin',
    before: { pinned: true },
    changed: (id) => postRow(id).pinned_at === null,
  },
  {
    name: 'lock',
    method: 'PUT',
    path: 'lock',
    before: {},
    changed: (id) => postRow(id).locked_at !== null,
  },
  {
    name: 'unlock',
    method: 'DELETE',
    path: 'lock',
    before: { locked: true },
    changed: (id) => postRow(id).locked_at === null,
  },
];

const expectForbidden = (res: TestResponse) => {
  expect(res.status, res.text).toBe(403);
  expect(errorOf(res).code).toBe('FORBIDDEN');
};

describe.each(ROLES)('as %s', (role) => {
  const cases = POST_ACTIONS.flatMap((a) => (['own', 'other'] as Whose[]).map((w) => [a, w]));
  it.each(cases.map(([a, w]) => [`${(a as PostAction).name} ${w as Whose} post`, a, w] as const))(
    '%s',
    async (_name, action, whose) => {
      const a = action as PostAction;
      const id = await postBy(whose === 'own' ? actor(role) : other, a.before);
      const res = await actor(role).client.request(a.method, `/api/posts/${id}/${a.path}`, {
        json: { reason: 'table test' },
      });
      if (STAFF.includes(role)) {
        expect(res.status, res.text).toBe(200);
        expect(a.changed(id)).toBe(true);
      } else {
        expectForbidden(res);
        expect(a.changed(id)).toBe(false);
      }
    },
  );

  // Target role → whether `role` may suspend them.
  const MAY_SUSPEND: Record<Role, readonly Role[]> = {
    owner: ['admin', 'moderator', 'member'],
    admin: ['moderator', 'member'],
    moderator: ['member'],
    member: [],
  };
  it.each(['admin', 'moderator', 'member'] as const)('suspend a %s', async (targetRole) => {
    const target = await person(targetRole);
    const res = await actor(role).client.request('PUT', `/api/users/${target.id}/suspension`, {
      json: { until: null },
    });
    if (MAY_SUSPEND[role].includes(targetRole)) {
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual({ userId: target.id, suspended: true, suspendedUntil: null });
      expect(suspendedFlag(target.id)).toBe(1);
    } else {
      expectForbidden(res);
      expect(suspendedFlag(target.id)).toBe(0);
    }
  });

  it.each(['admin', 'moderator', 'member'] as const)('unsuspend a %s', async (targetRole) => {
    const target = await person(targetRole);
    db().prepare('UPDATE users SET suspended = 1 WHERE id = ?').run(target.id);
    const res = await actor(role).client.request('DELETE', `/api/users/${target.id}/suspension`);
    if (MAY_SUSPEND[role].includes(targetRole)) {
      expect(res.status, res.text).toBe(200);
      expect(suspendedFlag(target.id)).toBe(0);
    } else {
      expectForbidden(res);
      expect(suspendedFlag(target.id)).toBe(1);
    }
  });

  it('suspend the owner: nobody can', async () => {
    const res = await actor(role).client.request(
      'PUT',
      `/api/users/${actor('owner').id}/suspension`,
      { json: { until: null } },
    );
    expectForbidden(res);
    if (role !== 'member') {
      expect(errorOf(res).message).toBe(
        role === 'owner' ? 'You cannot suspend yourself.' : 'Nobody can suspend the owner.',
      );
    }
    expect(suspendedFlag(actor('owner').id)).toBe(0);
  });

  it('suspend oneself: nobody can', async () => {
    const self = actor(role);
    const res = await self.client.request('PUT', `/api/users/${self.id}/suspension`, {
      json: { until: null },
    });
    expectForbidden(res);
    expect(suspendedFlag(self.id)).toBe(0);
    // Still signed in.
    expect((await self.client.get('/api/auth/me')).status).toBe(200);
  });

  it('read the moderation log', async () => {
    const res = await actor(role).client.get('/api/moderation/log');
    if (STAFF.includes(role)) expect(res.status, res.text).toBe(200);
    else expectForbidden(res);
  });

  it("see someone's suspension", async () => {
    const res = await actor(role).client.get(`/api/users/${other.id}/suspension`);
    if (STAFF.includes(role)) expect(res.status, res.text).toBe(200);
    else expectForbidden(res);
  });
});

describe('refusal messages', () => {
  it('say who may act and why not', async () => {
    const admin2 = await person('admin');
    const mod2 = await person('moderator');
    const byMod = await actor('moderator').client.request(
      'PUT',
      `/api/users/${mod2.id}/suspension`,
      { json: { until: null } },
    );
    expect(errorOf(byMod).message).toBe('Moderators cannot suspend admins or other moderators.');
    const byAdmin = await actor('admin').client.request(
      'PUT',
      `/api/users/${admin2.id}/suspension`,
      { json: { until: null } },
    );
    expect(errorOf(byAdmin).message).toBe('Only the owner can suspend an admin.');
    const byMember = await actor('member').client.request('PUT', `/api/posts/1/pin`);
    expect(errorOf(byMember).message).toBe('Only moderators, admins and the owner can pin posts.');
  });
});
