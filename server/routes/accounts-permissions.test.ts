/**
 * Accounts and profiles, table-driven: each role (owner, admin, moderator, member) × each
 * action (view a profile, edit the profile, change the password, make a reset link) × whose
 * (their own, another member's, the owner's). Editing and password changes have no route for
 * someone else's account: identity comes from the session, so "other" cannot be expressed.
 * Denied: 403 FORBIDDEN and no link made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../common/accounts';
import type { Role } from '../../common/api';
import {
  errorOf,
  startTestServer,
  type TestClient,
  type TestResponse,
  type TestServer,
} from '../test/harness';

type Target = 'own' | 'other' | 'owner';
type Actor = { client: TestClient; id: number; nickname: string };

let srv: TestServer;
const as: Partial<Record<Role, Actor>> = {};
let other: Actor;
const PASSWORDS = new Map<number, string>();
let seq = 0;

const actor = (role: Role): Actor => as[role]!;
const targetId = (role: Role, target: Target): number =>
  target === 'own' ? actor(role).id : target === 'owner' ? actor('owner').id : other.id;
const openLinks = (userId: number) =>
  srv.server.context.db
    .prepare('SELECT count(*) FROM password_resets WHERE user_id = ? AND ended_ms IS NULL')
    .pluck()
    .get(userId) as number;

beforeAll(async () => {
  srv = await startTestServer();
  for (const role of ['owner', 'admin', 'moderator', 'member'] as const) {
    const u = await srv.signup({ nickname: `${role}_ap` });
    as[role] = { client: u.client, id: u.user.id, nickname: u.user.nickname };
    PASSWORDS.set(u.user.id, 'correct horse battery');
    if (role === 'admin' || role === 'moderator') {
      const res = await as.owner!.client.request('PUT', `/api/users/${u.user.id}/role`, {
        json: { role },
      });
      expect(res.status).toBe(200);
    }
  }
  const o = await srv.signup({ nickname: 'other_ap' });
  other = { client: o.client, id: o.user.id, nickname: o.user.nickname };
});
afterAll(async () => {
  await srv.close();
});

interface Action {
  name: string;
  targets: readonly Target[];
  allowed: (role: Role, target: Target) => boolean;
  status: number;
  run: (role: Role, target: Target) => Promise<TestResponse>;
  /** A count the action changes: by one when allowed, not at all when denied. */
  counted?: (role: Role, target: Target) => number;
}

const everyone = () => true;

const ACTIONS: Action[] = [
  {
    name: 'view a profile',
    targets: ['own', 'other', 'owner'],
    allowed: everyone,
    status: 200,
    run: (role, target) => actor(role).client.get(`/api/users/${targetId(role, target)}/profile`),
  },
  {
    name: 'edit the profile',
    targets: ['own'],
    allowed: everyone,
    status: 200,
    run: (role) =>
      actor(role).client.request('PATCH', '/api/auth/me', { json: { bio: `bio ${++seq}` } }),
  },
  {
    name: 'change the password',
    targets: ['own'],
    allowed: everyone,
    status: 204,
    run: async (role) => {
      const a = actor(role);
      const next = `new password ${++seq}`;
      const res = await a.client.post('/api/auth/password', {
        currentPassword: PASSWORDS.get(a.id),
        newPassword: next,
      });
      if (res.status === 204) PASSWORDS.set(a.id, next);
      return res;
    },
  },
  {
    name: 'make a password-reset link',
    targets: ['own', 'other', 'owner'],
    // Owner and admins, for someone else; nobody for themselves; only the owner could reset
    // the owner, and that is themselves.
    allowed: (role, target) => (role === 'owner' || role === 'admin') && target === 'other',
    status: 201,
    run: (role, target) =>
      actor(role).client.post(`/api/users/${targetId(role, target)}/reset-link`),
    // Links made for that user so far (open or ended by a newer one).
    counted: (role, target) =>
      srv.server.context.db
        .prepare('SELECT count(*) FROM password_resets WHERE user_id = ?')
        .pluck()
        .get(targetId(role, target)) as number,
  },
];

const ROWS = ACTIONS.flatMap((a) =>
  (['owner', 'admin', 'moderator', 'member'] as const).flatMap((role) =>
    a.targets.map((target) => ({ action: a, role, target })),
  ),
);

describe('accounts permissions: role × action × whose', () => {
  it.each(ROWS.map((r) => [r.role, r.action.name, r.target, r] as const))(
    '%s: %s (%s)',
    async (role, _name, target, { action }) => {
      const allowed = action.allowed(role, target);
      const before = action.counted?.(role, target);
      const res = await action.run(role, target);
      if (allowed) {
        expect(res.status, res.text).toBe(action.status);
      } else {
        expect(res.status, res.text).toBe(403);
        expect(errorOf(res).code).toBe('FORBIDDEN');
      }
      if (before !== undefined) {
        expect(action.counted!(role, target)).toBe(before + (allowed ? 1 : 0));
      }
      if (action.name.includes('link'))
        expect(openLinks(targetId(role, target))).toBeLessThanOrEqual(1);
    },
  );

  it('the e-mail in a profile: own, owner and admins see it; moderators and members do not', async () => {
    for (const role of ['owner', 'admin', 'moderator', 'member'] as const) {
      for (const target of ['own', 'other', 'owner'] as const) {
        const res = await actor(role).client.get<Profile>(
          `/api/users/${targetId(role, target)}/profile`,
        );
        const sees = target === 'own' || role === 'owner' || role === 'admin';
        expect(res.json.email !== undefined, `${role} → ${target}`).toBe(sees);
      }
    }
  });

  it('a demoted admin can no longer make links (the role is read on every request)', async () => {
    const u = await srv.signup({ nickname: 'demoted_ap' });
    const put = (role: string) =>
      actor('owner').client.request('PUT', `/api/users/${u.user.id}/role`, { json: { role } });
    expect((await put('admin')).status).toBe(200);
    expect((await u.client.post(`/api/users/${other.id}/reset-link`)).status).toBe(201);
    expect((await put('member')).status).toBe(200);
    expect((await u.client.post(`/api/users/${other.id}/reset-link`)).status).toBe(403);
  });
});
