/**
 * Issue 13: a reader's read state of a feed page is kept with the cached page (the feed's
 * cost), so every write that changes it must show in the reader's very next page. Each step
 * reads the feed first (so the state is kept), writes, then reads again. Reading a post,
 * deleting and restoring a comment and a moderator's delete publish no change of the feed
 * itself: only the read state's own check (total_changes()) catches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Comment, Post } from '../../common/api';
import type { FeedPage, PostReadState } from '../../common/attention';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';

let srv: TestServer;
let owner: TestClient;
let category: number;
beforeAll(async () => {
  srv = await startTestServer();
  owner = (await srv.signup()).client;
  category = (await owner.get<Category[]>('/api/categories')).json[0]!.id;
});
afterAll(async () => {
  await srv.close();
});

async function ok<T>(res: Promise<{ status: number; text: string; json: T }>): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
  return r.json;
}
const feed = (client: TestClient) => ok(client.get<FeedPage>('/api/feed?sort=activity&limit=5'));

describe('the read state kept with a feed page', () => {
  it('follows every write that changes it, and only those', async () => {
    const author = await srv.signup();
    const reader = await srv.signup();
    const other = await srv.signup();
    const p = await ok(
      author.client.post<Post>('/api/posts', { title: 'Kept', body: 'b', categoryIds: [category] }),
    );
    const stateOf = async (who: TestClient): Promise<PostReadState | undefined> => {
      const page = await feed(who);
      expect(page.items.map((x) => x.id)).toContain(p.id);
      return page.readState[String(p.id)];
    };
    /** Reads the state before and after `write` (twice after: the kept one too). */
    const across = async (
      who: TestClient,
      write: () => Promise<unknown>,
    ): Promise<PostReadState | undefined> => {
      await stateOf(who);
      await stateOf(who);
      await write();
      const after = await stateOf(who);
      expect(await stateOf(who)).toEqual(after);
      return after;
    };

    expect(await stateOf(reader.client)).toEqual({ isNew: true, newComments: 0 });
    // Reading a post: a read mark, written with no event when no notification clears.
    expect(await across(reader.client, () => reader.client.post(`/api/posts/${p.id}/read`))).toBe(
      undefined,
    );
    const c1 = await ok(
      other.client.post<Comment>(`/api/posts/${p.id}/comments`, { body: 'first' }),
    );
    expect(await stateOf(reader.client)).toEqual({ isNew: false, newComments: 1 });
    // The comment's author deletes it, a moderator restores it, then deletes it (a hide).
    expect(
      await across(reader.client, () =>
        ok(other.client.request('DELETE', `/api/comments/${c1.id}`)),
      ),
    ).toBeUndefined();
    expect(
      await across(reader.client, () => ok(owner.post(`/api/comments/${c1.id}/restore`, {}))),
    ).toEqual({ isNew: false, newComments: 1 });
    expect(
      await across(reader.client, () => ok(owner.request('DELETE', `/api/comments/${c1.id}`))),
    ).toBeUndefined();
    await ok(owner.post(`/api/comments/${c1.id}/restore`, {}));
    // An edit and reactions change no count.
    expect(
      await across(reader.client, () =>
        ok(other.client.request('PATCH', `/api/comments/${c1.id}`, { json: { body: 'edited' } })),
      ),
    ).toEqual({ isNew: false, newComments: 1 });
    expect(
      await across(reader.client, () =>
        ok(
          author.client.request('PUT', '/api/reactions', {
            json: { type: 'comment', id: c1.id, emoji: '👍' },
          }),
        ),
      ),
    ).toEqual({ isNew: false, newComments: 1 });
    // A new comment, and the reader's own (never counted).
    expect(
      await across(reader.client, () =>
        ok(other.client.post(`/api/posts/${p.id}/comments`, { body: 'second' })),
      ),
    ).toEqual({ isNew: false, newComments: 2 });
    expect(
      await across(reader.client, () =>
        ok(reader.client.post(`/api/posts/${p.id}/comments`, { body: 'mine' })),
      ),
    ).toEqual({ isNew: false, newComments: 2 });
    expect(
      await across(reader.client, () => ok(reader.client.post(`/api/posts/${p.id}/read`))),
    ).toBeUndefined();

    // The author's own post, never opened: every comment by others is new to them.
    expect(await stateOf(author.client)).toEqual({ isNew: false, newComments: 3 });
    expect(
      await across(author.client, () => ok(owner.request('DELETE', `/api/comments/${c1.id}`))),
    ).toEqual({ isNew: false, newComments: 2 });
  });

  it('is each reader’s own', async () => {
    const author = await srv.signup();
    const a = await srv.signup();
    const b = await srv.signup();
    const p = await ok(
      author.client.post<Post>('/api/posts', { title: 'Two', body: 'b', categoryIds: [category] }),
    );
    await feed(a.client);
    await feed(b.client);
    await ok(a.client.post(`/api/posts/${p.id}/read`));
    expect((await feed(a.client)).readState[String(p.id)]).toBeUndefined();
    expect((await feed(b.client)).readState[String(p.id)]).toEqual({ isNew: true, newComments: 0 });
  });
});
