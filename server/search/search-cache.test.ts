/**
 * The kept posts, comments and people of a search (search-cache.ts): what a write to their
 * text, their post or their author changes is searched anew, even when another program
 * wrote it; chat messages change nothing kept; a search that raced a write is not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Post, SearchResults } from '../../common/api';
import { openDb } from '../../db/open-db';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { mayMatch, SearchCache, wordsOf } from './search-cache';

let srv: TestServer;
let author: { client: TestClient; id: number };
let post: Post;

beforeAll(async () => {
  srv = await startTestServer({ searchThreads: 1 });
  const a = await srv.signup({ nickname: 'wombat_writer' });
  author = { client: a.client, id: a.user.id };
  post = await newPost('Wombat burrows', 'Square droppings.');
});
afterAll(async () => {
  await srv.close();
});

const search = async (q: string, kind?: string): Promise<SearchResults> => {
  const res = await author.client.get<SearchResults>(
    `/api/search?${new URLSearchParams({ q, ...(kind ? { kind } : {}) })}`,
  );
  expect(res.status).toBe(200);
  return res.json;
};
const cache = () => srv.server.context.search.cache;
const newPost = async (title: string, body: string): Promise<Post> =>
  (await author.client.post<Post>('/api/posts', { title, body, categoryIds: [1] })).json;

describe('search cache', () => {
  it('answers a repeated search from what it kept, and a chat message changes nothing kept', async () => {
    const first = await search('wombat');
    expect(first.posts!.items.map((h) => h.id)).toEqual([post.id]);
    const { hits } = cache();
    expect(await search('wombat')).toEqual(first);
    // posts, comments and people kept; messages searched again.
    expect(cache().hits - hits).toBe(3);
    const { db } = srv.server.context;
    const room = db
      .prepare(
        `INSERT INTO conversations (kind, name, created_at) VALUES ('room', 'Wombat room', '2025-01-01')`,
      )
      .run().lastInsertRowid;
    db.prepare(
      `INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at)
       VALUES (?, ?, 'wombat chat', 'c1', '2025-01-01')`,
    ).run(room, author.id);
    const again = cache().hits;
    expect(await search('wombat')).toEqual(first);
    expect(cache().hits - again).toBe(3);
  });

  it('searches anew after a post, a comment, an edit, a title or a nickname changes', async () => {
    expect((await search('wombat', 'comments')).comments!.items).toEqual([]);
    await search('wombat');
    const comment = (
      await author.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'Wombat cubes!' })
    ).json;
    expect((await search('wombat', 'comments')).comments!.items.map((h) => h.id)).toEqual([
      comment.id,
    ]);
    // The new comment left the kept posts and people alone: only comments and messages searched.
    const { hits } = cache();
    expect((await search('wombat')).comments!.items.map((h) => h.id)).toEqual([comment.id]);
    expect(cache().hits - hits).toBe(2);
    // The post's title shows in its comments' hits.
    await author.client.request('PATCH', `/api/posts/${post.id}`, {
      json: { title: 'Wombat tunnels' },
    });
    expect((await search('wombat', 'comments')).comments!.items[0]!.postTitle).toBe(
      'Wombat tunnels',
    );
    expect((await search('tunnels', 'posts')).posts!.items.map((h) => h.id)).toEqual([post.id]);
    // The author's nickname shows in every hit.
    srv.server.context.db
      .prepare('UPDATE users SET nickname = ? WHERE id = ?')
      .run('wombat_renamed', author.id);
    expect((await search('tunnels', 'posts')).posts!.items[0]!.author.nickname).toBe(
      'wombat_renamed',
    );
    await author.client.request('DELETE', `/api/posts/${post.id}`);
    expect((await search('tunnels', 'posts')).posts!.items).toEqual([]);
    expect((await search('wombat', 'comments')).comments!.items).toEqual([]);
  });

  it('searches anew after another program commits to the file', async () => {
    const fresh = await newPost('Echidna spines', 'Quills.');
    expect((await search('echidna', 'posts')).posts!.items.map((h) => h.id)).toEqual([fresh.id]);
    const other = openDb(srv.server.dbPath);
    try {
      other.prepare('UPDATE posts SET title = ? WHERE id = ?').run('Platypus bills', fresh.id);
    } finally {
      other.close();
    }
    expect((await search('echidna', 'posts')).posts!.items).toEqual([]);
    expect((await search('platypus', 'posts')).posts!.items.map((h) => h.id)).toEqual([fresh.id]);
  });

  it('keeps what a new post or comment does not match, and searches anew for one that does', async () => {
    const otter = await newPost('Otter holts', 'Riverbank dens.');
    const first = await search('otter');
    expect(first.posts!.items.map((h) => h.id)).toEqual([otter.id]);
    // Neither matches "otter"*: both kept groups still hold, without a search.
    await author.client.post<Comment>(`/api/posts/${otter.id}/comments`, { body: 'Beavers too.' });
    await newPost('Heron nests', 'Tall reeds.');
    let { hits } = cache();
    expect(await search('otter')).toEqual(first);
    expect(cache().hits - hits).toBe(3);
    // A comment that matches (a longer word, the query being a prefix) is found at once.
    const c = (
      await author.client.post<Comment>(`/api/posts/${otter.id}/comments`, {
        body: 'Sea OTTERS hold hands.',
      })
    ).json;
    ({ hits } = cache());
    const after = await search('otter');
    expect(after.comments!.items.map((h) => h.id)).toEqual([c.id]);
    expect(after.posts).toEqual(first.posts);
    expect(cache().hits - hits).toBe(2);
    // So is a post matching in its body only, and accented text is always searched anew.
    const p = await newPost('Rivers', 'An otter slides.');
    expect((await search('otter')).posts!.items.map((h) => h.id)).toEqual([p.id, otter.id]);
    await author.client.post<Comment>(`/api/posts/${otter.id}/comments`, { body: 'Crème.' });
    ({ hits } = cache());
    await search('otter');
    expect(cache().hits - hits).toBe(2);
  });

  it('keeps a group through inserts that do not match it', async () => {
    const heron = await newPost('Ibis', 'Wading birds.');
    const first = await search('ibis', 'comments');
    for (let i = 0; i < 20; i++) {
      const res = await author.client.post(`/api/posts/${heron.id}/comments`, {
        body: `Note ${i}`,
      });
      expect(res.status).toBe(201);
    }
    const { hits, misses } = cache();
    expect(await search('ibis', 'comments')).toEqual(first);
    expect([cache().hits - hits, cache().misses - misses]).toEqual([1, 0]);
  });

  it('mayMatch: FTS5’s answer for ASCII words and text, "maybe" for anything else', () => {
    const may = (text: string, match: string) => mayMatch([wordsOf(text)], match);
    expect(may('Sea otters.', '"otter"*')).toBe(true);
    expect(may('Sea otters.', '"otter"')).toBe(false);
    expect(may('Sea otter.', '"otter"')).toBe(true);
    expect(may('river_otter', '"otter"')).toBe(true);
    expect(may('Title\nthe body', '"title" "bod"*')).toBe(true);
    expect(may('Title only', '"title" "bod"*')).toBe(false);
    expect(may('Crème brûlée', '"otter"')).toBe(true);
    expect(may('plain', '"brûlée"')).toBe(true);
    expect(may('anything', '')).toBe(true);
    expect(mayMatch([], '"otter"')).toBe(false);
    expect(mayMatch([wordsOf('no'), wordsOf('an otter')], '"otter"')).toBe(true);
  });

  it('keeps nothing searched before a change, counts only what shows, and stays within its size', () => {
    const db = openDb(':memory:');
    try {
      db.exec(`CREATE TABLE posts (title, body, deleted_at, author_id);
        CREATE TABLE comments (body, deleted_at, post_id, author_id);
        CREATE TABLE users (nickname, first_name, last_name, seen);`);
      const kept = new SearchCache(db, 100);
      const before = kept.versions();
      db.exec(`UPDATE posts SET body = 'c'`);
      db.exec(`INSERT INTO posts VALUES ('t', 'b', NULL, 1)`);
      db.exec(`UPDATE posts SET body = 'c'`);
      kept.set('posts', before.posts, kept.versions().posts, 'a', 'x', 0);
      expect(kept.get('posts', kept.versions().posts, 'a', '"t"')).toBeUndefined();
      // An insert is no change of version: a group kept before it is checked against it.
      const v = kept.versions();
      kept.set('posts', v.posts, v.posts, 'b', 'y', kept.insertsOf('posts'));
      db.exec(`INSERT INTO posts VALUES ('u', 'v', NULL, 1)`);
      expect(kept.versions().posts).toBe(v.posts);
      expect(kept.get('posts', v.posts, 'b', '"zzz"')).toBe('y');
      db.exec(`INSERT INTO posts VALUES ('zzz', 'w', NULL, 1)`);
      expect(kept.get('posts', v.posts, 'b', '"zzz"')).toBeUndefined();
      // Past the inserts it remembers, a group kept before them is searched anew.
      kept.set('posts', v.posts, v.posts, 'c', 'z', kept.insertsOf('posts'));
      const insert = db.prepare(`INSERT INTO posts VALUES ('t', 'b', NULL, 1)`);
      for (let i = 0; i < 256; i++) insert.run();
      expect(kept.get('posts', v.posts, 'c', '"zzz"')).toBe('z');
      kept.set('posts', v.posts, v.posts, 'd', 'z', kept.insertsOf('posts'));
      for (let i = 0; i < 257; i++) insert.run();
      expect(kept.get('posts', v.posts, 'd', '"zzz"')).toBeUndefined();
      // A new post changes no comment's hit; a new title does.
      expect(kept.versions().comments).toBe(before.comments);
      db.exec(`UPDATE posts SET title = 'u'`);
      expect(kept.versions().comments).not.toBe(before.comments);
      // A column no hit shows does not count as a change; a nickname shows everywhere.
      db.exec(`INSERT INTO users VALUES ('n', 'f', 'l', 0)`);
      const now = kept.versions();
      db.exec(`UPDATE users SET seen = 1`);
      expect(kept.versions()).toEqual(now);
      db.exec(`UPDATE users SET nickname = 'm'`);
      const renamed = kept.versions();
      expect(renamed.posts).not.toBe(now.posts);
      expect(renamed.comments).not.toBe(now.comments);
      expect(renamed.people).not.toBe(now.people);
      for (let i = 0; i < 10; i++) {
        kept.set('people', renamed.people, renamed.people, `k${i}`, 'y'.repeat(30), 0);
      }
      expect(kept.size).toBe(3);
      expect(kept.get('people', renamed.people, 'k9', '"y"')).toBe('y'.repeat(30));
      expect(kept.get('people', renamed.people, 'k0', '"y"')).toBeUndefined();
      // The least recently used go first: k7 was given last of the three kept, so it stays.
      expect(kept.get('people', renamed.people, 'k7', '"y"')).toBe('y'.repeat(30));
      kept.set('people', renamed.people, renamed.people, 'k10', 'y'.repeat(30), 0);
      kept.set('people', renamed.people, renamed.people, 'k11', 'y'.repeat(30), 0);
      expect(kept.get('people', renamed.people, 'k7', '"y"')).toBe('y'.repeat(30));
      expect(kept.get('people', renamed.people, 'k8', '"y"')).toBeUndefined();
      expect(kept.get('people', renamed.people, 'k9', '"y"')).toBeUndefined();
      // Across kinds too: the least recently used of all goes, whatever its kind.
      const v2 = kept.versions();
      const y = 'y'.repeat(30);
      kept.set('posts', v2.posts, v2.posts, 'p1', y, kept.insertsOf('posts'));
      expect(kept.get('people', v2.people, 'k10', '"y"')).toBeUndefined();
      expect(kept.get('posts', v2.posts, 'p1', '"y"')).toBe(y);
      expect(kept.get('people', v2.people, 'k11', '"y"')).toBe(y);
      expect(kept.get('people', v2.people, 'k7', '"y"')).toBe(y);
      kept.set('comments', v2.comments, v2.comments, 'c1', y, 0);
      expect(kept.get('posts', v2.posts, 'p1', '"y"')).toBeUndefined();
      expect(kept.get('people', v2.people, 'k11', '"y"')).toBe(y);
      expect(kept.get('people', v2.people, 'k7', '"y"')).toBe(y);
      expect(kept.get('comments', v2.comments, 'c1', '"y"')).toBe(y);
    } finally {
      db.close();
    }
  });
});
