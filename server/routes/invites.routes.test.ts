import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllClients, connect } from '../test/ws-client';
import type { DiscoverySettings, Invite, InviteCheck, InviteShare, Me } from '../../common/api';
import {
  errorOf,
  signupBody,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../test/harness';

let srv: TestServer;
let owner: { client: TestClient; user: Me };
const byRole: Record<string, TestClient> = {};

beforeAll(async () => {
  srv = await startTestServer();
  owner = await srv.signup({ nickname: 'owner_inv' });
  byRole.owner = owner.client;
  for (const role of ['admin', 'moderator', 'member'] as const) {
    const u = await srv.signup({ nickname: `${role}_inv` });
    if (role !== 'member') {
      expect(
        (await owner.client.request('PUT', `/api/users/${u.user.id}/role`, { json: { role } }))
          .status,
      ).toBe(200);
    }
    byRole[role] = u.client;
  }
});
afterAll(async () => {
  closeAllClients();
  await srv.close();
});

const closeSignup = async (closed: boolean) =>
  expect(
    (await owner.client.request('PATCH', '/api/forum', { json: { signupOpen: !closed } })).status,
  ).toBe(200);

async function makeInvite(body: {
  expiresInHours: number | null;
  maxUses: number | null;
}): Promise<Invite> {
  const res = await owner.client.post<Invite>('/api/invites', body);
  expect(res.status).toBe(201);
  return res.json;
}

describe('invite links: who may', () => {
  const cases = [
    ['owner', 201, 200, 200],
    ['admin', 201, 200, 200],
    ['moderator', 403, 403, 403],
    ['member', 403, 403, 403],
  ] as const;
  it.each(cases)('%s: create %i, list %i, revoke %i', async (role, create, list, revoke) => {
    const client = byRole[role]!;
    const made = await client.post<Invite>('/api/invites', { expiresInHours: 24, maxUses: 5 });
    expect(made.status).toBe(create);
    if (create !== 201) expect(errorOf(made).code).toBe('FORBIDDEN');
    expect((await client.get('/api/invites')).status).toBe(list);
    // Revoking someone else's (the owner's) link: the role decides, not who made it.
    const other = await makeInvite({ expiresInHours: 24, maxUses: 1 });
    expect((await client.request('DELETE', `/api/invites/${other.id}`)).status).toBe(revoke);
    // Everyone signed in sees what to share; only managers are told they can make links.
    const share = await client.get<InviteShare>('/api/invites/share');
    expect(share.status).toBe(200);
    expect(share.json.canCreate).toBe(create === 201);
  });

  it('without a session: 401 for all but the public check', async () => {
    const anon = srv.client();
    expect((await anon.get('/api/invites/share')).status).toBe(401);
    expect((await anon.post('/api/invites', { expiresInHours: 1, maxUses: 1 })).status).toBe(401);
    expect((await anon.get<InviteCheck>('/api/invites/check/nonsense')).json).toEqual({
      valid: false,
      reason: 'unknown',
    });
  });

  it('bad input gets a clear 400', async () => {
    for (const [body, field] of [
      [{ expiresInHours: 0, maxUses: 1 }, 'expiresInHours'],
      [{ expiresInHours: 1, maxUses: 0 }, 'maxUses'],
      [{ expiresInHours: 1.5, maxUses: 1 }, 'expiresInHours'],
      [{ maxUses: 1 }, 'expiresInHours'],
      [{ expiresInHours: 1, maxUses: 1, extra: true }, undefined],
    ] as const) {
      const res = await owner.client.post('/api/invites', body);
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      if (field) expect(errorOf(res).field).toBe(field);
    }
    expect((await owner.client.request('DELETE', '/api/invites/999999')).status).toBe(404);
  });
});

describe('sign-up with an invite', () => {
  it('with sign-up closed only a usable invite lets a new person in, and each takes a use', async () => {
    await closeSignup(true);
    try {
      const closed = await srv.client().post('/api/auth/signup', signupBody());
      expect(closed.status).toBe(403);
      expect(errorOf(closed).code).toBe('SIGNUP_CLOSED');

      const invite = await makeInvite({ expiresInHours: 48, maxUses: 2 });
      expect(invite.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const check = await srv.client().get<InviteCheck>(`/api/invites/check/${invite.code}`);
      expect(check.json).toMatchObject({ valid: true, expiresAt: invite.expiresAt });

      for (let i = 0; i < 2; i++) {
        const res = await srv
          .client()
          .post<Me>('/api/auth/signup', signupBody({ invite: invite.code }));
        expect(res.status).toBe(201);
        expect(res.json.role).toBe('member');
      }
      const third = await srv
        .client()
        .post('/api/auth/signup', signupBody({ invite: invite.code }));
      expect(third.status).toBe(410);
      expect(errorOf(third)).toMatchObject({ code: 'INVITE_INVALID', field: 'invite' });
      expect(errorOf(third).message).toMatch(/used as many times/);
      const list = await owner.client.get<Invite[]>('/api/invites');
      expect(list.json.find((i) => i.id === invite.id)).toMatchObject({
        uses: 2,
        state: 'used-up',
      });

      // The age rule still applies with an invite; a refused sign-up takes no use.
      const fresh = await makeInvite({ expiresInHours: null, maxUses: 1 });
      const young = await srv
        .client()
        .post('/api/auth/signup', signupBody({ invite: fresh.code, age: 3 }));
      expect(young.status).toBe(400);
      expect(
        (await srv.client().post('/api/auth/signup', signupBody({ invite: fresh.code }))).status,
      ).toBe(201);

      const malformed = await srv
        .client()
        .post('/api/auth/signup', signupBody({ invite: 'short' }));
      expect(errorOf(malformed)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'invite' });
      const unknown = await srv
        .client()
        .post('/api/auth/signup', signupBody({ invite: 'A'.repeat(22) }));
      expect(errorOf(unknown)).toMatchObject({
        code: 'INVITE_INVALID',
        message: expect.stringMatching(/not valid/),
      });
    } finally {
      await closeSignup(false);
    }
  });

  it('an expired or revoked invite is refused, saying why', async () => {
    await closeSignup(true);
    try {
      const expiring = await makeInvite({ expiresInHours: 1, maxUses: null });
      srv.clock.advance(60 * 60 * 1000 + 1);
      const late = await srv
        .client()
        .post('/api/auth/signup', signupBody({ invite: expiring.code }));
      expect(errorOf(late)).toMatchObject({
        code: 'INVITE_INVALID',
        message: expect.stringMatching(/expired/),
      });
      expect(
        (await srv.client().get<InviteCheck>(`/api/invites/check/${expiring.code}`)).json,
      ).toEqual({
        valid: false,
        reason: 'expired',
      });

      const withdrawn = await makeInvite({ expiresInHours: 24, maxUses: null });
      const revoked = await owner.client.request<Invite>('DELETE', `/api/invites/${withdrawn.id}`);
      expect(revoked.json.state).toBe('revoked');
      const res = await srv
        .client()
        .post('/api/auth/signup', signupBody({ invite: withdrawn.code }));
      expect(errorOf(res)).toMatchObject({
        code: 'INVITE_INVALID',
        message: expect.stringMatching(/withdrawn/),
      });
    } finally {
      await closeSignup(false);
    }
  });

  it('with sign-up open an invite is not needed, and a usable one is counted', async () => {
    const invite = await makeInvite({ expiresInHours: 24, maxUses: 3 });
    expect(
      (await srv.client().post('/api/auth/signup', signupBody({ invite: invite.code }))).status,
    ).toBe(201);
    expect((await srv.client().post('/api/auth/signup', signupBody())).status).toBe(201);
    const list = await owner.client.get<Invite[]>('/api/invites');
    expect(list.json.find((i) => i.id === invite.id)?.uses).toBe(1);
  });
});

describe('what to share', () => {
  it('over HTTPS carries the certificate fingerprint the server presents', async () => {
    const tls = await startTestServer({ https: true });
    try {
      const o = await tls.signup();
      const share = await o.client.get<InviteShare>('/api/invites/share');
      expect(share.json.fingerprint).toBe(tls.server.certificate!.sha256);
      expect(share.json.forumId).toBe(tls.server.forumId);
      expect(share.json.canCreate).toBe(true);
      const plain = await owner.client.get<InviteShare>('/api/invites/share');
      expect(plain.json.fingerprint).toBeNull();
      expect(plain.json.signupOpen).toBe(true);
    } finally {
      await tls.close();
    }
  });
});

describe('invite panels stay live', () => {
  it('making and withdrawing a link reaches the owner and admins only; a withdrawn link stops at once', async () => {
    const sockets = Object.fromEntries(
      await Promise.all(
        (['owner', 'admin', 'moderator', 'member'] as const).map(
          async (role) => [role, await connect(srv, byRole[role]!)] as const,
        ),
      ),
    );
    const made = await byRole.admin!.post<Invite>('/api/invites', {
      expiresInHours: null,
      maxUses: 10,
    });
    for (const role of ['owner', 'admin'] as const) {
      const e = await sockets[role]!.next(
        'invite.created',
        (x) => x.payload.invite.id === made.json.id,
      );
      expect(e.payload.invite).toEqual(made.json);
    }

    await closeSignup(true);
    try {
      const before = sockets.owner!.events.length;
      const revoked = await owner.client.request<Invite>('DELETE', `/api/invites/${made.json.id}`);
      expect(revoked.status).toBe(200);
      // Stops at once: the next sign-up with it, and its check, already see it withdrawn.
      const late = await srv
        .client()
        .post('/api/auth/signup', signupBody({ invite: made.json.code }));
      expect(errorOf(late)).toMatchObject({ code: 'INVITE_INVALID' });
      expect(
        (await srv.client().get<InviteCheck>(`/api/invites/check/${made.json.code}`)).json,
      ).toEqual({
        valid: false,
        reason: 'revoked',
      });
      for (const role of ['owner', 'admin'] as const) {
        const e = await sockets[role]!.next(
          'invite.revoked',
          (x) => x.payload.invite.id === made.json.id,
        );
        expect(e.payload.invite.state).toBe('revoked');
      }
      // Withdrawing it again tells nobody again.
      await owner.client.request('DELETE', `/api/invites/${made.json.id}`);
      await owner.client.request('PUT', '/api/invites/discovery', { json: { showOnline: false } });
      await sockets.owner!.next('discovery.updated', () => true, { from: before });
      expect(
        sockets.owner!.of('invite.revoked').filter((x) => x.payload.invite.id === made.json.id),
      ).toHaveLength(1);
    } finally {
      await closeSignup(false);
      await owner.client.request('PUT', '/api/invites/discovery', { json: { showOnline: true } });
    }
    for (const role of ['moderator', 'member'] as const) {
      const seen = sockets[role]!.events.map((e) => e.type);
      expect(seen).not.toContain('invite.created');
      expect(seen).not.toContain('invite.revoked');
      expect(seen).not.toContain('discovery.updated');
    }
  });

  it('an admin who was offline gets what they missed on resume', async () => {
    const first = await connect(srv, byRole.admin!);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();
    const made = await makeInvite({ expiresInHours: 2, maxUses: null });
    const again = await connect(srv, byRole.admin!, { resume: since });
    const e = await again.next('invite.created', (x) => x.payload.invite.id === made.id);
    expect(e.payload.invite.code).toBe(made.code);
  });
});

describe('people online in the LAN announcement (a forum setting)', () => {
  const cases = [
    ['owner', 200, 200],
    ['admin', 200, 200],
    ['moderator', 403, 403],
    ['member', 403, 403],
  ] as const;
  it.each(cases)('%s: read %i, change %i', async (role, read, change) => {
    const client = byRole[role]!;
    const got = await client.get<DiscoverySettings>('/api/invites/discovery');
    expect(got.status).toBe(read);
    if (read === 200) expect(got.json).toEqual({ showOnline: true });
    const put = await client.request<DiscoverySettings>('PUT', '/api/invites/discovery', {
      json: { showOnline: true },
    });
    expect(put.status).toBe(change);
    if (change !== 200) expect(errorOf(put).code).toBe('FORBIDDEN');
  });

  it('is stored, defaults to shown, and refuses bad input with a clear error', async () => {
    const bad = await owner.client.request('PUT', '/api/invites/discovery', {
      json: { showOnline: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toMatch(/showOnline must be true or false/);
    expect(
      (await owner.client.request('PUT', '/api/invites/discovery', { json: { showOnline: false } }))
        .status,
    ).toBe(200);
    expect(srv.server.context.invites.showOnline()).toBe(false);
    expect(
      (await owner.client.request('PUT', '/api/invites/discovery', { json: { showOnline: true } }))
        .status,
    ).toBe(200);
    expect(srv.server.context.invites.showOnline()).toBe(true);
  });
});
