import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Comment, Post, PostPage } from '../common/api';
import { migrate, DatabaseTooNewError } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb } from '../db/open-db';
import { databasePath } from './config/data-dir';
import { createForumServer } from './forum-server';
import type { Committed, SessionEnd } from './events/outbox';
import { startTestServer, tempDataDir, type TestServer } from './test/harness';

const open: TestServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
});
async function start(...args: Parameters<typeof startTestServer>) {
  const s = await startTestServer(...args);
  open.push(s);
  return s;
}

describe('createForumServer', () => {
  it('keeps every post, comment, user and session across a restart on the same folder', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    const { client, user } = await first.signup({ nickname: 'persist' });
    const post = (
      await client.post<Post>('/api/posts', { title: 'Still here?', body: 'yes', categoryIds: [5] })
    ).json;
    await client.post(`/api/posts/${post.id}/comments`, { body: 'remember me' });
    await first.close({ keepData: true });

    const second = await start({ dataDir });
    // The same browser session still works: sessions live in the database.
    const me = await second
      .client()
      .get('/api/auth/me', { headers: { cookie: client.cookie ?? '' } });
    expect(me.status).toBe(200);
    const login = second.client();
    expect(
      (await login.post('/api/auth/login', { login: 'persist', password: 'correct horse battery' }))
        .status,
    ).toBe(200);
    const feed = await login.get<PostPage>('/api/posts');
    expect(feed.json.items).toEqual([{ ...post, commentCount: 1 }]);
    const comments = await login.get<{ items: Comment[] }>(`/api/posts/${post.id}/comments`);
    expect(comments.json.items.map((c) => [c.body, c.author.id])).toEqual([
      ['remember me', user.id],
    ]);
  });

  it('upgrades a database from an older schema version and serves its data', async () => {
    const dataDir = tempDataDir();
    // A database as an older Hearth left it (schema 1 with a row), opened by code that
    // knows one more migration.
    const db = openDb(databasePath(dataDir));
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare(
      `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
       VALUES ('old_timer', 'old@example.com', 'x', 'Old', 'Timer', 70, 'male', '2020-01-01T00:00:00.000Z')`,
    ).run();
    db.pragma('user_version = 0'); // as if 001 had not been recorded yet: must not re-run blindly
    db.close();
    await expect(
      createForumServer({ dataDir, port: 0, logLevel: 'silent', staticDir: null }),
    ).rejects.toThrow(
      /Migration 1 \(initial\) failed on .*table users already exists.*Nothing was changed/,
    );

    const older = openDb(databasePath(dataDir));
    older.pragma('user_version = 1');
    older.close();
    const s = await start({ dataDir });
    const { client } = await s.signup();
    const users = await client.get<{ nickname: string }[]>('/api/users');
    expect(users.json.map((u) => u.nickname)).toContain('old_timer');
  });

  it('refuses a database written by a newer Hearth, with a clear message, and leaves it alone', async () => {
    const dataDir = tempDataDir();
    const db = openDb(databasePath(dataDir));
    migrate(db);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const attempt = createForumServer({ dataDir, port: 0, logLevel: 'silent', staticDir: null });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(
      createForumServer({ dataDir, port: 0, logLevel: 'silent', staticDir: null }),
    ).rejects.toThrow(/written by a newer Hearth: update Hearth, or use another data folder/);
    const check = openDb(databasePath(dataDir), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    check.close();
  });

  it('fails with EADDRINUSE when the port is taken, and releases what it opened', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dataDir = tempDataDir();
      await expect(
        createForumServer({
          dataDir,
          host: '127.0.0.1',
          port,
          logLevel: 'silent',
          staticDir: null,
        }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // The database was closed: another server can open the same folder at once.
      const s = await start({ dataDir });
      expect((await s.client().get('/api/info')).status).toBe(200);
    } finally {
      blocker.close();
    }
  });

  it('close() is idempotent and ends keep-alive connections', async () => {
    const s = await startTestServer();
    await s.client().get('/api/info');
    const a = s.server.close();
    const b = s.server.close();
    expect(a).toBe(b);
    await a;
    await expect(fetch(`${s.url}/api/info`)).rejects.toThrow();
    await s.close();
  });
});

describe('the outbox (the seam for the live layer)', () => {
  /** What a listener hears, as the protocol carries it (type and payload) or a session end. */
  const heard = (c: Committed) => [
    ...c.events.map((e) => {
      const { type, payload } = JSON.parse(e.json) as { type: string; payload: unknown };
      return { type, payload };
    }),
    ...c.sessionsEnded.map((payload) => ({ type: 'session.ended', payload })),
  ];

  it('publishes sign-ups, posts, comments and ended sessions, after they are stored', async () => {
    const s = await start({ sessionTtlMs: 60_000 });
    const seen: { type: string; payload: unknown }[] = [];
    s.server.context.publisher.subscribe((c) => {
      // Listeners run after the commit: what they are told is already readable.
      for (const e of c.events) {
        if (e.type !== 'post.created') continue;
        const id = (JSON.parse(e.json) as { payload: { post: Post } }).payload.post.id;
        expect(s.server.context.stores.posts.byId(id)).toBeDefined();
      }
      seen.push(...heard(c));
    });

    const a = await s.signup({ nickname: 'ev_alice' });
    const b = await s.signup({ nickname: 'ev_bob' });
    const post = (
      await a.client.post<Post>('/api/posts', { title: 'E', body: 'v', categoryIds: [1] })
    ).json;
    const comment = (await b.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'hi' }))
      .json;
    await a.client.post('/api/auth/logout');

    expect(seen).toEqual([
      { type: 'user.joined', payload: { user: { id: a.user.id, nickname: 'ev_alice' } } },
      { type: 'user.joined', payload: { user: { id: b.user.id, nickname: 'ev_bob' } } },
      { type: 'post.created', payload: { post } },
      { type: 'comment.created', payload: { comment } },
      // The post's author hears of the comment (written by the comments service).
      { type: 'notification', payload: expect.objectContaining({ kind: 'comment_on_post' }) },
      {
        type: 'session.ended',
        payload: { sessionId: expect.any(Number), userId: a.user.id, reason: 'logout' },
      },
    ]);

    // Expiry is announced by the sweeper even if the user never comes back.
    seen.length = 0;
    s.clock.advance(60_001);
    expect(s.server.context.sessions.sweepExpired()).toBe(1);
    expect(seen).toEqual([
      {
        type: 'session.ended',
        payload: { sessionId: expect.any(Number), userId: b.user.id, reason: 'expired' },
      },
    ]);
  });

  it('a session replaced at login is announced too, and a failing listener does not fail the request', async () => {
    const s = await start();
    const { client, user } = await s.signup({ nickname: 'ev_carl' });
    const ended: SessionEnd[] = [];
    s.server.context.publisher.subscribe((c) => ended.push(...c.sessionsEnded));
    s.server.context.publisher.subscribe((c) => {
      if (c.events.some((e) => e.type === 'post.created')) throw new Error('listener bug');
    });
    await client.post('/api/auth/login', { login: 'ev_carl', password: 'correct horse battery' });
    expect(ended).toEqual([{ sessionId: expect.any(Number), userId: user.id, reason: 'replaced' }]);
    const res = await client.post('/api/posts', {
      title: 'still',
      body: 'works',
      categoryIds: [1],
    });
    expect(res.status).toBe(201);
    expect(s.logs.some((l) => l.message === 'event listener failed')).toBe(true);
  });

  it('the session check works from a bare Cookie header (for the WebSocket upgrade)', async () => {
    const s = await start();
    const { client, user } = await s.signup();
    const auth = s.server.context.sessions.authenticateCookieHeader(`a=b; ${client.cookie}`);
    expect(auth?.user).toEqual(user);
    const name = s.server.sessionCookieName;
    expect(s.server.context.sessions.authenticateCookieHeader(`${name}=nope`)).toBeNull();
    expect(s.server.context.sessions.authenticateCookieHeader(undefined)).toBeNull();
  });
});
