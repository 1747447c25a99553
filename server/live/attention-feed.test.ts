/**
 * Issue 13: the feed in latest-activity order, its paging cursors while posts move, and each
 * reader's "new" and "N new comments since you last opened it".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Post } from '../../common/api';
import type { FeedPage } from '../../common/attention';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';

let srv: TestServer;
let category: number;
beforeAll(async () => {
  srv = await startTestServer();
  const someone = await srv.signup();
  category = (await someone.client.get<Category[]>('/api/categories')).json[0]!.id;
});
afterAll(async () => {
  await srv.close();
});

async function post(client: TestClient, title: string): Promise<Post> {
  const res = await client.post<Post>('/api/posts', { title, body: 'b', categoryIds: [category] });
  if (res.status !== 201) throw new Error(res.text);
  return res.json;
}
async function comment(client: TestClient, postId: number, body = 'c'): Promise<number> {
  const res = await client.post<{ id: number }>(`/api/posts/${postId}/comments`, { body });
  if (res.status !== 201) throw new Error(res.text);
  return res.json.id;
}
const feed = async (client: TestClient, query: string) => {
  const res = await client.get<FeedPage>(`/api/feed?${query}`);
  if (res.status !== 200) throw new Error(res.text);
  return res.json;
};

describe('the feed by latest activity', () => {
  it('a new comment brings a post up; newest keeps creation order', async () => {
    const a = await srv.signup();
    const p1 = await post(a.client, 'one');
    const p2 = await post(a.client, 'two');
    const p3 = await post(a.client, 'three');
    await comment(a.client, p1.id);
    const activity = (await feed(a.client, 'sort=activity&limit=3')).items.map((p) => p.id);
    expect(activity).toEqual([p1.id, p3.id, p2.id]);
    const newest = (await feed(a.client, 'sort=newest&limit=3')).items.map((p) => p.id);
    expect(newest).toEqual([p3.id, p2.id, p1.id]);
    const bad = await a.client.get('/api/feed?sort=hot');
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sort' });
    expect(errorOf(await a.client.get('/api/feed?category=99999'))).toMatchObject({
      code: 'UNKNOWN_CATEGORY',
    });
    expect((await srv.client().get('/api/feed')).status).toBe(401);
  });

  it('paging while posts move never skips or repeats a post', async () => {
    const a = await srv.signup();
    const mine: number[] = [];
    for (let i = 0; i < 30; i++) mine.push((await post(a.client, `p${i}`)).id);
    const seen: number[] = [];
    const moved = new Set<number>();
    let page = await feed(a.client, 'sort=activity&limit=7');
    const since = page.since;
    seen.push(...page.items.map((p) => p.id));
    let round = 0;
    while (page.nextBefore !== null) {
      // Between pages: comment on a post not seen yet (it jumps above the cursor) and on one
      // already seen (it must not come back in `items`).
      const unseen = mine.find((id) => !seen.includes(id) && !moved.has(id));
      if (unseen !== undefined) await comment(a.client, unseen);
      const old = seen[round % seen.length]!;
      await comment(a.client, old);
      round++;
      page = await feed(a.client, `sort=activity&limit=7&before=${page.nextBefore}&since=${since}`);
      expect(page.since).toBe(since);
      seen.push(...page.items.map((p) => p.id));
      for (const m of page.moved) moved.add(m.id);
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of mine) expect(seen.includes(id) || moved.has(id), `post ${id}`).toBe(true);
    expect(round).toBeGreaterThan(2);
  });
});

describe('the reader’s read state in the feed', () => {
  it('new until opened; then the count of others’ comments since, until opened again', async () => {
    const author = await srv.signup();
    const reader = await srv.signup();
    const p = await post(author.client, 'Read state');
    const stateOf = async (who: TestClient) =>
      (await feed(who, 'sort=activity&limit=5')).readState[String(p.id)];
    expect(await stateOf(reader.client)).toEqual({ isNew: true, newComments: 0 });
    // Your own post is never new to you; others' comments on it are, until you open it.
    expect(await stateOf(author.client)).toBeUndefined();
    await comment(reader.client, p.id, 'a first reply');
    expect(await stateOf(author.client)).toEqual({ isNew: false, newComments: 1 });
    await author.client.post(`/api/posts/${p.id}/read`);
    expect(await stateOf(author.client)).toBeUndefined();
    expect(await stateOf(reader.client)).toEqual({ isNew: true, newComments: 0 });

    await reader.client.post(`/api/posts/${p.id}/read`);
    expect(await stateOf(reader.client)).toBeUndefined();
    const first = await comment(author.client, p.id, 'one');
    await comment(author.client, p.id, 'two');
    await comment(reader.client, p.id, 'mine does not count');
    expect(await stateOf(reader.client)).toEqual({ isNew: false, newComments: 2 });
    const opened = await reader.client.post<{ previousLastCommentId: number }>(
      `/api/posts/${p.id}/read`,
    );
    // The post opens at the first of them: the pointer from the last visit is below it.
    expect(opened.json.previousLastCommentId).toBeLessThan(first);
    expect(await stateOf(reader.client)).toBeUndefined();
  });
});
