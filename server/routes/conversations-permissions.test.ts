/**
 * (rooms) Who may do what to a conversation, table-driven on a real server: each role
 * (owner, admin, moderator, member) × each action × whose it is (their own group or
 * someone else's; themself or another person). A refusal is its code and status, and
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../common/api';
import type { ConversationSummary } from '../../common/conversations';
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
let ann: Actor;
let bob: Actor;
let cy: Actor;
const ROLES = ['owner', 'admin', 'moderator', 'member'] as const;
const actor = (role: Role): Actor => as[role]!;
const members = (id: number): number[] =>
  srv.server.context.db
    .prepare('SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY 1')
    .pluck()
    .all(id) as number[];

beforeAll(async () => {
  srv = await startTestServer();
  const owner = await srv.signup({ nickname: 'owner_r' });
  as.owner = { client: owner.client, id: owner.user.id };
  for (const role of ['admin', 'moderator', 'member'] as const) {
    const u = await srv.signup();
    if (role !== 'member') {
      const res = await owner.client.request('PUT', `/api/users/${u.user.id}/role`, {
        json: { role },
      });
      expect(res.status).toBe(200);
    }
    as[role] = { client: u.client, id: u.user.id };
  }
  const person = async (): Promise<Actor> => {
    const u = await srv.signup();
    return { client: u.client, id: u.user.id };
  };
  ann = await person();
  bob = await person();
  cy = await person();
});
afterAll(() => srv.close());

let roomNo = 0;
/** A room made by the owner, with `joined` in it. */
async function room(...joined: Actor[]): Promise<number> {
  const res = await actor('owner').client.post<ConversationSummary>('/api/conversations', {
    kind: 'room',
    name: `room ${++roomNo}`,
  });
  expect(res.status).toBe(201);
  for (const a of joined) {
    const j = await a.client.post(`/api/conversations/${res.json.id}/members`, { userIds: [a.id] });
    expect(j.status).toBe(200);
  }
  return res.json.id;
}

/** A group started by `by` with ann, bob and cy (and `plus`). */
async function group(by: Actor, ...plus: Actor[]): Promise<number> {
  const ids = [ann, bob, cy, ...plus].filter((a) => a.id !== by.id).map((a) => a.id);
  const res = await by.client.post<ConversationSummary>('/api/conversations', {
    kind: 'group',
    members: ids,
  });
  expect(res.status).toBe(201);
  return res.json.id;
}

type Outcome = { status: number; code?: string };
const ok = (status = 200): Outcome => ({ status });
const no = (code: string, status: number): Outcome => ({ status, code });
const FORBIDDEN = no('FORBIDDEN', 403);
const NOT_MEMBER = no('NOT_MEMBER', 403);

interface Case {
  action: string;
  whose: 'own' | 'other';
  expect: Record<Role, Outcome>;
  run: (a: Actor) => Promise<{ res: TestResponse; changed: () => boolean }>;
}

const staffOnly = (status = 200): Record<Role, Outcome> => ({
  owner: ok(status),
  admin: ok(status),
  moderator: ok(status),
  member: FORBIDDEN,
});
const everyone = (status = 200): Record<Role, Outcome> => ({
  owner: ok(status),
  admin: ok(status),
  moderator: ok(status),
  member: ok(status),
});

const CASES: Case[] = [
  {
    action: 'create a room',
    whose: 'own',
    expect: staffOnly(201),
    run: async (a) => {
      const name = `made by ${a.id} ${++roomNo}`;
      const res = await a.client.post('/api/conversations', { kind: 'room', name });
      return {
        res,
        changed: () =>
          srv.server.context.db.prepare('SELECT 1 FROM conversations WHERE name = ?').get(name) !==
          undefined,
      };
    },
  },
  {
    action: 'start a group conversation',
    whose: 'own',
    expect: everyone(201),
    run: async (a) => {
      const res = await a.client.post<ConversationSummary>('/api/conversations', {
        kind: 'group',
        members: [ann.id, bob.id],
      });
      return { res, changed: () => res.status === 201 && members(res.json.id).includes(a.id) };
    },
  },
  {
    action: "change a room's topic",
    whose: 'other',
    expect: staffOnly(),
    run: async (a) => {
      const id = await room(a);
      const res = await a.client.request('PATCH', `/api/conversations/${id}`, {
        json: { topic: 'new topic' },
      });
      const topic = () =>
        srv.server.context.db
          .prepare('SELECT topic FROM conversations WHERE id = ?')
          .pluck()
          .get(id);
      return { res, changed: () => topic() === 'new topic' };
    },
  },
  {
    action: 'join a room',
    whose: 'own',
    expect: everyone(),
    run: async (a) => {
      const id = await room();
      const res = await a.client.post(`/api/conversations/${id}/members`, { userIds: [a.id] });
      return { res, changed: () => members(id).includes(a.id) };
    },
  },
  {
    action: 'add someone else to a room',
    whose: 'other',
    expect: staffOnly(),
    run: async (a) => {
      const id = await room(a);
      const res = await a.client.post(`/api/conversations/${id}/members`, { userIds: [ann.id] });
      return { res, changed: () => members(id).includes(ann.id) };
    },
  },
  {
    action: 'remove someone from a room',
    whose: 'other',
    expect: staffOnly(204),
    run: async (a) => {
      const id = await room(a, ann);
      const res = await a.client.request('DELETE', `/api/conversations/${id}/members/${ann.id}`);
      return { res, changed: () => !members(id).includes(ann.id) };
    },
  },
  {
    action: 'leave a room',
    whose: 'own',
    expect: everyone(204),
    run: async (a) => {
      const id = await room(a);
      const res = await a.client.request('DELETE', `/api/conversations/${id}/members/${a.id}`);
      return { res, changed: () => !members(id).includes(a.id) };
    },
  },
  {
    action: 'add someone to a group one is in',
    whose: 'other',
    expect: everyone(),
    run: async (a) => {
      const id = await group(actor('owner'), a);
      const extra = a.id === actor('admin').id ? actor('member') : actor('admin');
      const res = await a.client.post(`/api/conversations/${id}/members`, { userIds: [extra.id] });
      return { res, changed: () => members(id).includes(extra.id) };
    },
  },
  {
    action: 'remove someone from a group one started',
    whose: 'own',
    expect: everyone(204),
    run: async (a) => {
      const id = await group(a);
      const res = await a.client.request('DELETE', `/api/conversations/${id}/members/${ann.id}`);
      return { res, changed: () => !members(id).includes(ann.id) };
    },
  },
  {
    action: 'remove someone from a group another started',
    whose: 'other',
    expect: { owner: ok(204), admin: ok(204), moderator: FORBIDDEN, member: FORBIDDEN },
    run: async (a) => {
      const id = await group(ann, a);
      const res = await a.client.request('DELETE', `/api/conversations/${id}/members/${bob.id}`);
      return { res, changed: () => !members(id).includes(bob.id) };
    },
  },
  {
    action: 'leave a group',
    whose: 'own',
    expect: everyone(204),
    run: async (a) => {
      const id = await group(ann, a);
      const res = await a.client.request('DELETE', `/api/conversations/${id}/members/${a.id}`);
      return { res, changed: () => !members(id).includes(a.id) };
    },
  },
  {
    action: "read a group's messages one is not in",
    whose: 'other',
    expect: { owner: NOT_MEMBER, admin: NOT_MEMBER, moderator: NOT_MEMBER, member: NOT_MEMBER },
    run: async (a) => {
      const id = await group(ann);
      const res = await a.client.get(`/api/conversations/${id}/messages`);
      return { res, changed: () => res.status === 200 };
    },
  },
  {
    action: "read a room's messages without joining",
    whose: 'other',
    expect: { owner: NOT_MEMBER, admin: NOT_MEMBER, moderator: NOT_MEMBER, member: NOT_MEMBER },
    run: async (a) => {
      const id = await room();
      // The owner made it and is in it: leave first, to ask as a non-member.
      if (a.id === actor('owner').id) {
        await a.client.request('DELETE', `/api/conversations/${id}/members/${a.id}`);
      }
      const res = await a.client.get(`/api/conversations/${id}/messages`);
      return { res, changed: () => res.status === 200 };
    },
  },
  {
    action: 'add oneself to a group one is not in',
    whose: 'other',
    expect: { owner: NOT_MEMBER, admin: NOT_MEMBER, moderator: NOT_MEMBER, member: NOT_MEMBER },
    run: async (a) => {
      const id = await group(ann);
      const res = await a.client.post(`/api/conversations/${id}/members`, { userIds: [a.id] });
      return { res, changed: () => members(id).includes(a.id) };
    },
  },
];

describe('conversation permissions: role × action × own/other', () => {
  for (const c of CASES) {
    it.each(ROLES)(`%s: ${c.action} (${c.whose})`, async (role) => {
      const want = c.expect[role];
      const { res, changed } = await c.run(actor(role));
      expect(res.status, JSON.stringify(res.json)).toBe(want.status);
      if (want.code) {
        expect(errorOf(res).code).toBe(want.code);
        expect(errorOf(res).message).toEqual(expect.any(String));
        expect(changed()).toBe(false);
      } else {
        expect(changed()).toBe(true);
      }
    });
  }
});

describe('conversation errors', () => {
  it('unknown conversation: 404; too many members: 400 with the limit; bad input: 400', async () => {
    const a = actor('member');
    const missing = await a.client.get('/api/conversations/999999');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
    const tooMany = await a.client.post('/api/conversations', {
      kind: 'group',
      members: Array.from({ length: 50 }, (_, i) => i + 1000),
    });
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany).message).toMatch(/50/);
    // Fill a group to 50 (rows written directly: 50 sign-ups would hit the sign-up limit).
    const id = await group(a);
    const db = srv.server.context.db;
    const insertUser = db.prepare(
      `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
       VALUES (?, ?, 'x', 'F', 'L', 30, 'other', '2025-01-01T00:00:00.000Z') RETURNING id`,
    );
    const extra = Array.from(
      { length: 47 },
      (_, i) => (insertUser.get(`filler${i}`, `filler${i}@example.com`) as { id: number }).id,
    );
    const add = await a.client.post(`/api/conversations/${id}/members`, {
      userIds: extra.slice(0, 46),
    });
    expect(add.status).toBe(200);
    expect(members(id)).toHaveLength(50);
    const over = await a.client.post(`/api/conversations/${id}/members`, { userIds: [extra[46]] });
    expect(over.status).toBe(400);
    expect(errorOf(over)).toMatchObject({
      code: 'TOO_MANY_MEMBERS',
      message: expect.stringMatching(/50/),
    });
    expect(members(id)).toHaveLength(50);
    const tooFew = await a.client.post('/api/conversations', { kind: 'group', members: [ann.id] });
    expect(errorOf(tooFew)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'members' });
    const noName = await actor('admin').client.post('/api/conversations', { kind: 'room' });
    expect(errorOf(noName)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' });
    const badKind = await a.client.post('/api/conversations', { kind: 'channel' });
    expect(errorOf(badKind)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'kind' });
    const taken = await actor('admin').client.post('/api/conversations', {
      kind: 'room',
      name: 'GENERAL',
    });
    expect(taken.status).toBe(409);
    expect(errorOf(taken).code).toBe('ROOM_NAME_TAKEN');
    const unauth = await srv.client().get('/api/conversations');
    expect(unauth.status).toBe(401);
  });
});
