import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, CommentPage, Post, PostPage } from '../../common/api';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';

let t: TestServer;
let alice: TestClient;
let bob: TestClient;
let bobId: number;
let post: Post;
beforeAll(async () => {
  t = await startTestServer();
  alice = (await t.signup({ nickname: 'alice_c' })).client;
  const b = await t.signup({ nickname: 'bob_c' });
  bob = b.client;
  bobId = b.user.id;
  post = (await alice.post<Post>('/api/posts', { title: 'Talk', body: 'to me', categoryIds: [1] }))
    .json;
});
afterAll(() => t.close());

describe('POST /api/posts/:id/comments', () => {
  it('adds a comment by the session user and bumps the post comment count', async () => {
    const res = await bob.post<Comment>(`/api/posts/${post.id}/comments`, { body: '  Nice one  ' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(Number),
      postId: post.id,
      body: 'Nice one',
      author: { id: bobId, nickname: 'bob_c' },
      createdAt: '2025-03-01T12:00:00.000Z',
      editedAt: null,
      deleted: false,
    });
    expect((await alice.get<Post>(`/api/posts/${post.id}`)).json.commentCount).toBe(1);
    const feed = await alice.get<PostPage>('/api/posts');
    expect(feed.json.items.find((p) => p.id === post.id)?.commentCount).toBe(1);
  });

  it.each([
    [{ body: '' }, 'Comment is required'],
    [{ body: ' \n ' }, 'Comment is required'],
    [{ body: 'x'.repeat(5001) }, 'Comment must be at most 5000 characters'],
    [{}, 'Comment is required'],
  ])('rejects %j', async (body, message) => {
    const res = await bob.post(`/api/posts/${post.id}/comments`, body);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'VALIDATION_FAILED', message, field: 'body' });
  });

  it('accepts exactly 5,000 characters', async () => {
    expect(
      (await bob.post(`/api/posts/${post.id}/comments`, { body: 'y'.repeat(5000) })).status,
    ).toBe(201);
  });

  it('404s a comment on a post that does not exist, and stores nothing', async () => {
    const res = await bob.post('/api/posts/424242/comments', { body: 'hello?' });
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: 'There is no post 424242.' });
  });
});

describe('GET /api/posts/:id/comments', () => {
  let other: Post;
  const ids: number[] = [];
  beforeAll(async () => {
    other = (
      await alice.post<Post>('/api/posts', { title: 'Thread', body: 'long one', categoryIds: [2] })
    ).json;
    for (let i = 1; i <= 25; i++) {
      t.clock.advance(1000);
      const c = i % 2 ? alice : bob;
      ids.push(
        (await c.post<Comment>(`/api/posts/${other.id}/comments`, { body: `comment ${i}` })).json
          .id,
      );
    }
  });

  it('pages oldest first with an `after` cursor', async () => {
    const first = await bob.get<CommentPage>(`/api/posts/${other.id}/comments?limit=10`);
    expect(first.status).toBe(200);
    expect(first.json.items.map((c) => c.body)).toEqual(
      Array.from({ length: 10 }, (_, i) => `comment ${i + 1}`),
    );
    expect(first.json.nextAfter).toBe(ids[9]);
    const second = await bob.get<CommentPage>(
      `/api/posts/${other.id}/comments?limit=10&after=${first.json.nextAfter}`,
    );
    expect(second.json.items.map((c) => c.id)).toEqual(ids.slice(10, 20));
    const third = await bob.get<CommentPage>(
      `/api/posts/${other.id}/comments?limit=10&after=${second.json.nextAfter}`,
    );
    expect(third.json.items.map((c) => c.id)).toEqual(ids.slice(20));
    expect(third.json.nextAfter).toBeNull();
    expect(third.json.items[0]).toEqual({
      id: ids[20],
      postId: other.id,
      body: 'comment 21',
      author: { id: expect.any(Number), nickname: 'alice_c' },
      createdAt: '2025-03-01T12:00:21.000Z',
      editedAt: null,
      deleted: false,
    });
  });

  it('defaults to 20 per page and never mixes posts', async () => {
    const res = await bob.get<CommentPage>(`/api/posts/${other.id}/comments`);
    expect(res.json.items).toHaveLength(20);
    expect(res.json.items.every((c) => c.postId === other.id)).toBe(true);
    expect((await bob.get<Post>(`/api/posts/${other.id}`)).json.commentCount).toBe(25);
  });

  it('404s an unknown post and 400s bad cursors', async () => {
    expect((await bob.get('/api/posts/987654/comments')).status).toBe(404);
    const res = await bob.get(`/api/posts/${other.id}/comments?after=zero`);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'after' });
  });
});
