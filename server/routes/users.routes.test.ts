import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInfo, UserRef } from '../../common/api';
import { API_VERSION } from '../../common/limits';
import { startTestServer, type TestServer } from '../test/harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ forumName: 'Kitchen table' });
});
afterAll(() => t.close());

describe('GET /api/users', () => {
  it('lists every other user by nickname, case-insensitively, with id and nickname only', async () => {
    const me = await t.signup({ nickname: 'mallory' });
    const others = [];
    for (const nickname of ['zoe', 'Bob', 'alice', 'Carl'])
      others.push((await t.signup({ nickname })).user);
    const res = await me.client.get<UserRef[]>('/api/users');
    expect(res.status).toBe(200);
    expect(res.json.map((u) => u.nickname)).toEqual(['alice', 'Bob', 'Carl', 'zoe']);
    expect(res.json[0]).toEqual({ id: others[2]?.id, nickname: 'alice' });
    expect(Object.keys(res.json[0] ?? {})).toEqual(['id', 'nickname']);
  });
});

describe('GET /api/info', () => {
  it('is public and identifies the forum, with CORS open for the launcher probe', async () => {
    const res = await t.client().get<ServerInfo>('/api/info');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      app: 'hearth',
      name: 'Kitchen table',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      apiVersion: API_VERSION,
      sessionCookie: t.server.sessionCookieName,
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
