import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FEED_BODY_CHARS, type Category, type Post, type PostPage } from '../../common/api';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

let t: TestServer;
let alice: TestClient;
let aliceId: number;
beforeAll(async () => {
  t = await startTestServer();
  const a = await t.signup({ nickname: 'alice_posts' });
  alice = a.client;
  aliceId = a.user.id;
});
afterAll(() => t.close());

const newPost = (n: number, categoryIds = [1]) => ({
  title: `Post ${n}`,
  body: `Body of post ${n}`,
  categoryIds,
});

describe('GET /api/categories', () => {
  it('lists the eight seeded categories', async () => {
    const res = await alice.get<Category[]>('/api/categories');
    expect(res.status).toBe(200);
    // `following` (whether the caller follows it) is covered in categories.routes.test.ts.
    expect(res.json).toEqual([
      { id: 1, name: 'General', following: false },
      { id: 2, name: 'Sport', following: false },
      { id: 3, name: 'Music', following: false },
      { id: 4, name: 'Movies', following: false },
      { id: 5, name: 'Science', following: false },
      { id: 6, name: 'Politics', following: false },
      { id: 7, name: 'Culture', following: false },
      { id: 8, name: 'Technology', following: false },
    ]);
  });
});

describe('POST /api/posts', () => {
  it('creates a post as the session user and returns it with 201', async () => {
    const res = await alice.post<Post>('/api/posts', {
      title: '  Hello, hearth  ',
      body: 'First post!\n\nWith paragraphs.',
      categoryIds: [8, 1, 8],
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(Number),
      title: 'Hello, hearth',
      body: 'First post!\n\nWith paragraphs.',
      bodyTruncated: false,
      author: { id: aliceId, nickname: 'alice_posts' },
      categories: [
        { id: 1, name: 'General' },
        { id: 8, name: 'Technology' },
      ],
      createdAt: '2025-03-01T12:00:00.000Z',
      commentCount: 0,
      pinned: false,
      locked: false,
      editedAt: null,
    });
    const again = await alice.get<Post>(`/api/posts/${res.json.id}`);
    expect(again.json).toEqual(res.json);
  });

  it('takes the author from the session only', async () => {
    const res = await alice.post('/api/posts', { ...newPost(1), authorId: 999 });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Unknown field "authorId".',
      field: 'authorId',
    });
  });

  it.each([
    ['title', { title: '' }, 'Title is required'],
    ['title', { title: '   ' }, 'Title is required'],
    ['title', { title: 'x'.repeat(201) }, 'Title must be at most 200 characters'],
    ['body', { body: 'x'.repeat(20_001) }, 'Post must be at most 20000 characters'],
    ['body', { body: undefined }, 'Post is required'],
    ['categoryIds', { categoryIds: [] }, 'Pick at least one category'],
    ['categoryIds', { categoryIds: undefined }, 'Pick at least one category'],
    ['categoryIds', { categoryIds: [1, 2, 3, 4, 5, 6, 7, 8, 1] }, 'Pick at most 8 categories'],
    ['categoryIds', { categoryIds: ['1'] }, expect.any(String)],
  ])('rejects a bad %s: %j', async (field, patch, message) => {
    const res = await alice.post('/api/posts', { ...newPost(2), ...patch });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'VALIDATION_FAILED', message, field });
  });

  it('accepts a title of exactly 200 and a body of exactly 20,000 characters', async () => {
    const res = await alice.post('/api/posts', {
      title: 't'.repeat(200),
      body: 'b'.repeat(20_000),
      categoryIds: [2],
    });
    expect(res.status).toBe(201);
  });

  it('rejects unknown categories with UNKNOWN_CATEGORY', async () => {
    const res = await alice.post('/api/posts', newPost(3, [1, 99, 100]));
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: 'UNKNOWN_CATEGORY',
      message: 'Unknown category: 99, 100.',
      field: 'categoryIds',
    });
  });
});

describe('GET /api/posts', () => {
  let t2: TestServer;
  let bob: TestClient;
  const ids: number[] = [];
  beforeAll(async () => {
    t2 = await startTestServer();
    bob = (await t2.signup({ nickname: 'bob_feed' })).client;
    // 45 posts; every third one is in Music (3) as well as General (1).
    for (let i = 1; i <= 45; i++) {
      t2.clock.advance(1000);
      const res = await bob.post<Post>('/api/posts', newPost(i, i % 3 === 0 ? [1, 3] : [1]));
      ids.push(res.json.id);
    }
  });
  afterAll(() => t2.close());

  it('pages newest first with a `before` cursor until nextBefore is null', async () => {
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const res: { status: number; json: PostPage } = await bob.get<PostPage>(
        `/api/posts${cursor === null ? '' : `?before=${cursor}`}`,
      );
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(20);
      seen.push(...res.json.items.map((p) => p.id));
      cursor = res.json.nextBefore;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('returns the full item shape with ISO timestamps', async () => {
    const res = await bob.get<PostPage>('/api/posts?limit=1');
    expect(res.json.items).toEqual([
      {
        id: ids[44],
        title: 'Post 45',
        body: 'Body of post 45',
        bodyTruncated: false,
        author: { id: expect.any(Number), nickname: 'bob_feed' },
        categories: [
          { id: 1, name: 'General' },
          { id: 3, name: 'Music' },
        ],
        createdAt: '2025-03-01T12:00:45.000Z',
        commentCount: 0,
        pinned: false,
        locked: false,
        editedAt: null,
      },
    ]);
    expect(res.json.nextBefore).toBe(ids[44]);
  });

  it('filters by category', async () => {
    const res = await bob.get<PostPage>('/api/posts?category=3&limit=100');
    expect(res.json.items.map((p) => p.title)).toEqual(
      Array.from({ length: 15 }, (_, i) => `Post ${45 - i * 3}`),
    );
    expect(res.json.nextBefore).toBeNull();
    const page = await bob.get<PostPage>(`/api/posts?category=3&limit=5&before=${ids[29]}`);
    expect(page.json.items.map((p) => p.title)).toEqual([
      'Post 27',
      'Post 24',
      'Post 21',
      'Post 18',
      'Post 15',
    ]);
    const empty = await bob.get<PostPage>('/api/posts?category=2');
    expect(empty.json).toEqual({ items: [], nextBefore: null });
  });

  it('treats empty parameters as absent (?category=&before=&limit=)', async () => {
    const res = await bob.get<PostPage>('/api/posts?category=&before=&limit=');
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(20);
    expect(res.json.items[0]?.id).toBe(ids[44]);
  });

  it('returns nextBefore null when the last page is exactly full', async () => {
    const res = await bob.get<PostPage>(`/api/posts?limit=5&before=${ids[5]}`);
    expect(res.json.items).toHaveLength(5);
    expect(res.json.nextBefore).toBeNull();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['before=-1', 'before'],
    ['before=1.5', 'before'],
    ['category=x', 'category'],
    ['before=1&before=2', 'before'],
  ])('rejects ?%s', async (query, field) => {
    const res = await bob.get(`/api/posts?${query}`);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(errorOf(res).message).toMatch(new RegExp(`^Invalid ${field}: `));
    expect(errorOf(res).message).not.toMatch(/expected|received/);
  });

  it('answers UNKNOWN_CATEGORY for a category that does not exist', async () => {
    const res = await bob.get('/api/posts?category=42');
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: 'UNKNOWN_CATEGORY',
      message: 'There is no category 42.',
      field: 'category',
    });
  });
});

describe('GET /api/posts is always current', () => {
  it('shows a new post, a new comment count and the author’s own write at once', async () => {
    const s = await startTestServer();
    try {
      const a = (await s.signup()).client;
      const b = (await s.signup()).client;
      const first = (await a.post<Post>('/api/posts', newPost(1))).json;
      expect((await b.get<PostPage>('/api/posts')).json.items.map((p) => p.id)).toEqual([first.id]);
      const second = (await a.post<Post>('/api/posts', newPost(2))).json;
      expect((await b.get<PostPage>('/api/posts')).json.items.map((p) => p.id)).toEqual([
        second.id,
        first.id,
      ]);
      await b.post(`/api/posts/${first.id}/comments`, { body: 'counted?' });
      const feed = await a.get<PostPage>('/api/posts');
      expect(feed.json.items.find((p) => p.id === first.id)?.commentCount).toBe(1);
      // Pages with other queries are separate, and all of them see the writes.
      expect((await b.get<PostPage>('/api/posts?limit=1')).json.items[0]?.id).toBe(second.id);
    } finally {
      await s.close();
    }
  });

  it('picks up edits made outside the server within seconds', async () => {
    const s = await startTestServer();
    try {
      const a = (await s.signup()).client;
      const post = (await a.post<Post>('/api/posts', newPost(1))).json;
      await a.get('/api/posts');
      s.server.context.db
        .prepare('UPDATE posts SET title = ? WHERE id = ?')
        .run('Edited by an admin', post.id);
      s.clock.advance(2000);
      expect((await a.get<PostPage>('/api/posts')).json.items[0]?.title).toBe('Edited by an admin');
    } finally {
      await s.close();
    }
  });
});

describe('feed items carry the start of the body; GET /api/posts/:id the whole of it', () => {
  let s: TestServer;
  let author: TestClient;
  beforeAll(async () => {
    s = await startTestServer();
    author = (await s.signup()).client;
  });
  afterEach(closeAllClients);
  afterAll(() => s.close());

  const publish = async (body: string, categoryIds = [5]) => {
    const res = await author.post<Post>('/api/posts', { title: 'Long read', body, categoryIds });
    expect(res.status).toBe(201);
    return res.json;
  };
  const feedItem = async (id: number, query = 'limit=100') =>
    (await author.get<PostPage>(`/api/posts?${query}`)).json.items.find((p) => p.id === id);

  it('a long body: cut after a whole word, bodyTruncated, the whole body from /api/posts/:id', async () => {
    const body = 'The river was quiet that morning, and the kettle sang. '.repeat(40).trim();
    const created = await publish(body);
    // The 201 answer is the whole post.
    expect(created.body).toBe(body);
    expect(created.bodyTruncated).toBe(false);

    for (const query of ['limit=100', 'category=5&limit=100']) {
      const item = await feedItem(created.id, query);
      expect(item?.bodyTruncated).toBe(true);
      const start = item?.body ?? '';
      expect(start.length).toBeLessThanOrEqual(FEED_BODY_CHARS);
      expect(start.length).toBeGreaterThan(FEED_BODY_CHARS - 20);
      expect(body.startsWith(start)).toBe(true);
      expect(body[start.length]).toMatch(/\s/); // the next character starts a new word
      expect(start).not.toMatch(/\s$/);
      expect({ ...item, body, bodyTruncated: false }).toEqual(created);
    }

    const whole = await author.get<Post>(`/api/posts/${created.id}`);
    expect(whole.json).toEqual({ ...created, body, bodyTruncated: false });
  });

  it('a body of exactly the cap, or shorter, is untouched', async () => {
    const exact = `${'abc '.repeat(FEED_BODY_CHARS / 4 - 1)}abcd`;
    expect(exact).toHaveLength(FEED_BODY_CHARS);
    for (const body of [exact, 'Short.\n\nTwo paragraphs.', 'x']) {
      const created = await publish(body);
      expect(await feedItem(created.id)).toEqual(created);
    }
  });

  it('a run without spaces is cut at the cap, never inside a surrogate pair', async () => {
    // 1 + 2 × 400 units: the cap falls between the halves of the 300th emoji.
    const emoji = await publish(`a${'😀'.repeat(400)}`);
    const item = await feedItem(emoji.id);
    expect(item).toMatchObject({ body: `a${'😀'.repeat(299)}`, bodyTruncated: true });
    const dashes = await publish('-'.repeat(FEED_BODY_CHARS + 1));
    expect(await feedItem(dashes.id)).toMatchObject({
      body: '-'.repeat(FEED_BODY_CHARS),
      bodyTruncated: true,
    });
  });

  it('the live post.created event is the feed item, not the whole post', async () => {
    const reader = await s.signup();
    const live = await connect(s, reader.client);
    const body = `${'word '.repeat(2000)}end`;
    const created = await publish(body);
    const event = await live.next('post.created', (e) => e.payload.post.id === created.id);
    expect(event.payload.post.bodyTruncated).toBe(true);
    expect(event.payload.post).toEqual(await feedItem(created.id));
  });

  it('a page of 100 posts at the 20,000-character limit stays small', async () => {
    const { writer, stores } = s.server.context;
    const me = (await author.get<{ id: number }>('/api/auth/me')).json;
    const big = 'All work and no play makes a dull post. '.repeat(500).slice(0, 20_000);
    writer.write((tx) => {
      for (let i = 0; i < 100; i++) {
        stores.posts.insert(
          tx,
          { authorId: me.id, title: `Big ${i}`, body: big, createdAt: '2025-03-01T12:00:00.000Z' },
          [1],
        );
      }
    });
    s.clock.advance(2000); // written past the services: let the feed cache's TTL expire
    const res = await author.get<PostPage>('/api/posts?limit=100');
    expect(res.json.items).toHaveLength(100);
    expect(res.json.items.every((p) => p.bodyTruncated && big.startsWith(p.body))).toBe(true);
    // 2 MB with whole bodies; the feed cache refuses pages over 1 MB.
    expect(Buffer.byteLength(res.text)).toBeLessThan(100 * 1024);
  });
});

describe('GET /api/posts/:id', () => {
  it('404s an unknown post and 400s a malformed id', async () => {
    let res = await alice.get('/api/posts/999999');
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: 'There is no post 999999.' });
    res = await alice.get('/api/posts/abc');
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid id in the path: "abc".',
      field: 'id',
    });
  });
});

describe('without a session', () => {
  it.each([
    ['GET', '/api/categories'],
    ['GET', '/api/posts'],
    ['POST', '/api/posts'],
    ['GET', '/api/posts/1'],
    ['GET', '/api/posts/1/comments'],
    ['POST', '/api/posts/1/comments'],
    ['GET', '/api/users'],
    ['GET', '/api/auth/me'],
    ['POST', '/api/auth/logout'],
  ])('%s %s → 401 UNAUTHENTICATED', async (method, path) => {
    const res = await t
      .client()
      .request(method, path, method === 'POST' ? { json: newPost(1) } : {});
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({ code: 'UNAUTHENTICATED', message: 'Sign in to continue.' });
  });
});
