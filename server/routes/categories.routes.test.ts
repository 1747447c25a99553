/**
 * GET /api/categories with `following`, and PUT/DELETE /api/categories/:id/follow: per user,
 * idempotent, 404 for an unknown category, 400 for a malformed id, 401 without a session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryListItem } from '../../common/api';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const categories = async (client: TestClient) => {
  const res = await client.get<CategoryListItem[]>('/api/categories');
  expect(res.status).toBe(200);
  return res.json;
};
const followed = async (client: TestClient) =>
  (await categories(client)).filter((c) => c.following).map((c) => c.name);
const idOf = async (client: TestClient, name: string) =>
  (await categories(client)).find((c) => c.name === name)!.id;

describe('GET /api/categories', () => {
  it('lists every category with following: false for a new user', async () => {
    const a = await srv.signup();
    const list = await categories(a.client);
    expect(list.map((c) => c.name)).toEqual([
      'General',
      'Sport',
      'Music',
      'Movies',
      'Science',
      'Politics',
      'Culture',
      'Technology',
    ]);
    for (const c of list)
      expect(c).toEqual({ id: expect.any(Number), name: c.name, following: false });
  });

  it('needs a session', async () => {
    const res = await srv.client().get('/api/categories');
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });
});

describe('PUT/DELETE /api/categories/:id/follow', () => {
  it('follows and unfollows, per user, idempotently', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const music = await idOf(a.client, 'Music');
    const sport = await idOf(a.client, 'Sport');

    const put = await a.client.request('PUT', `/api/categories/${music}/follow`);
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    expect(await followed(a.client)).toEqual(['Music']);
    expect(await followed(b.client)).toEqual([]);

    // Following again changes nothing and still answers 204.
    expect((await a.client.request('PUT', `/api/categories/${music}/follow`)).status).toBe(204);
    expect((await a.client.request('PUT', `/api/categories/${sport}/follow`)).status).toBe(204);
    expect(await followed(a.client)).toEqual(['Sport', 'Music']);

    const del = await a.client.request('DELETE', `/api/categories/${music}/follow`);
    expect(del.status).toBe(204);
    expect(await followed(a.client)).toEqual(['Sport']);
    // Unfollowing what is not followed is fine too.
    expect((await a.client.request('DELETE', `/api/categories/${music}/follow`)).status).toBe(204);
    expect((await b.client.request('DELETE', `/api/categories/${sport}/follow`)).status).toBe(204);
    expect(await followed(a.client)).toEqual(['Sport']);
  });

  it('answers 404 NOT_FOUND for an unknown category, and stores nothing', async () => {
    const a = await srv.signup();
    for (const method of ['PUT', 'DELETE']) {
      const res = await a.client.request(method, '/api/categories/999/follow');
      expect(res.status, method).toBe(404);
      expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: 'There is no category 999.' });
    }
    expect(await followed(a.client)).toEqual([]);
  });

  it('answers 400 VALIDATION_FAILED for a malformed id', async () => {
    const a = await srv.signup();
    for (const id of ['abc', '0', '-1', '1.5', '0x3', '1e1', '99999999999999999999']) {
      for (const method of ['PUT', 'DELETE']) {
        const res = await a.client.request(method, `/api/categories/${id}/follow`);
        expect(res.status, `${method} ${id}`).toBe(400);
        expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
      }
    }
  });

  it('needs a session, and refuses other sites', async () => {
    const anonymous = srv.client();
    for (const method of ['PUT', 'DELETE']) {
      const res = await anonymous.request(method, '/api/categories/1/follow');
      expect(res.status, method).toBe(401);
      expect(errorOf(res).code).toBe('UNAUTHENTICATED');
    }
    const a = await srv.signup();
    const cross = await a.client.request('PUT', '/api/categories/1/follow', {
      headers: { origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect(errorOf(cross).code).toBe('FORBIDDEN');
    expect(await followed(a.client)).toEqual([]);
  });
});
