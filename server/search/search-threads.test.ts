/**
 * GET /api/search in the search threads (issue 12) on a real server: each answer is the
 * in-process search's, byte for byte (every kind, pages, prefixes long enough to be narrowed,
 * private messages and a room); a search right after a write finds it; threads that die are
 * replaced; close() ends them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, SearchResults } from '../../common/api';
import { SEARCH_KINDS, type SearchKind } from '../../common/api';
import { SearchService } from '../services/search.service';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';

const WORDS = 'amber birch cedar delta ember fjord grove harbor iris jasper kelp lumen'.split(' ');
let srv: TestServer;
let reader: { client: TestClient; id: number };
let inProcess: SearchService;
const people: number[] = [];

/** A forum's worth of text written straight into the file (the FTS triggers index it). */
function seed(): void {
  const db = srv.server.context.db;
  let x = 7;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
  // Skewed: the first words are in most rows, the last in few (both plans of prefix-narrow.ts).
  const text = (n: number) =>
    Array.from({ length: n }, () => WORDS[Math.min(rand(WORDS.length), rand(WORDS.length))]).join(
      ' ',
    );
  const at = '2025-03-01T12:00:00.000Z';
  db.transaction(() => {
    const user = db.prepare(
      `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
       VALUES (?, ?, 'x', ?, ?, 30, 'other', ?) RETURNING id`,
    );
    for (let i = 0; i < 6; i++) {
      const { id } = user.get(
        `${WORDS[i]}_${i}`,
        `p${i}@example.com`,
        WORDS[i + 3],
        'Grove',
        at,
      ) as {
        id: number;
      };
      people.push(id);
    }
    const post = db.prepare(
      'INSERT INTO posts (author_id, title, body, created_at) VALUES (?, ?, ?, ?) RETURNING id',
    );
    const comment = db.prepare(
      'INSERT INTO comments (post_id, author_id, body, created_at) VALUES (?, ?, ?, ?)',
    );
    const postIds: number[] = [];
    for (let i = 0; i < 120; i++) {
      const { id } = post.get(people[rand(6)], text(3), text(20 + rand(20)), at) as { id: number };
      postIds.push(id);
    }
    for (let i = 0; i < 300; i++) comment.run(postIds[rand(120)], people[rand(6)], text(8), at);
    const conversation = db.prepare(
      `INSERT INTO conversations (kind, name, user_lo, user_hi, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    );
    const member = db.prepare(
      'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
    );
    const message = db.prepare(
      `INSERT INTO messages (conversation_id, sender_id, recipient_id, body, client_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const everyone = [reader.id, ...people];
    const room = (conversation.get('room', 'Grove room', null, null, at) as { id: number }).id;
    for (const id of [reader.id, people[0]!, people[1]!]) member.run(room, id, at);
    let n = 0;
    for (let a = 0; a < everyone.length; a++) {
      for (let b = a + 1; b < everyone.length; b++) {
        const [lo, hi] = [everyone[a]!, everyone[b]!].sort((p, q) => p - q) as [number, number];
        const id = (conversation.get('direct', null, lo, hi, at) as { id: number }).id;
        member.run(id, lo, at);
        member.run(id, hi, at);
        for (let i = 0; i < 40; i++) {
          message.run(id, i % 2 ? lo : hi, i % 2 ? hi : lo, text(3 + rand(10)), `s${n++}`, at);
        }
      }
    }
    for (let i = 0; i < 60; i++) message.run(room, people[i % 2]!, null, text(6), `r${n++}`, at);
  })();
}

beforeAll(async () => {
  srv = await startTestServer({ searchThreads: 2 });
  const r = await srv.signup();
  reader = { client: r.client, id: r.user.id };
  seed();
  const { stores } = srv.server.context;
  inProcess = new SearchService(stores.search, stores.messageAccess);
});
afterAll(async () => {
  await srv.close();
});

const httpSearch = async (params: Record<string, string>) => {
  const res = await reader.client.get<SearchResults>(`/api/search?${new URLSearchParams(params)}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return res;
};

describe('search in threads', () => {
  it('answers exactly as the in-process search, for every kind, page and kind of query', async () => {
    const queries = [
      ...WORDS,
      ...WORDS.map((w) => w.slice(0, 2)),
      ...WORDS.map((w) => w.slice(0, 4)),
      ...WORDS.slice(0, 6).map((w, i) => `${w} ${WORDS[11 - i]!.slice(0, 5)}`),
      'grove room',
      'zzz',
    ];
    const { search } = srv.server.context;
    let compared = 0;
    for (const q of queries) {
      for (const kind of [undefined, ...SEARCH_KINDS] as (SearchKind | undefined)[]) {
        for (const userId of [reader.id, people[0]!, people[5]!]) {
          const req = { q, kind };
          const threaded = await search.run(userId, req);
          expect(threaded).toBe(JSON.stringify(inProcess.run(userId, req)));
          // The next page, where there is one.
          const next = kind ? (JSON.parse(threaded) as SearchResults)[kind]?.nextBefore : null;
          if (next) {
            const page = { q, kind, before: next };
            expect(await search.run(userId, page)).toBe(
              JSON.stringify(inProcess.run(userId, page)),
            );
          }
          compared++;
        }
      }
    }
    expect(compared).toBe(queries.length * 5 * 3);
    // Over HTTP too, and the searches really ran in the threads, side by side.
    const res = await httpSearch({ q: 'ember' });
    expect(res.json).toEqual(inProcess.run(reader.id, { q: 'ember' }));
    expect(res.json.messages!.items.length).toBeGreaterThan(0);
    const pool = search.pool!;
    expect(pool.threads()).toHaveLength(2);
    // Side by side needs two searches in flight at once: a search of messages now takes well
    // under a millisecond, so a batch may finish one by one; a few batches will overlap.
    for (let batch = 0; batch < 20 && pool.busyPeak < 2; batch++) {
      await Promise.all(Array.from({ length: 8 }, () => httpSearch({ q: 'amber' })));
    }
    expect(pool.busyPeak).toBe(2);
  });

  it('finds what was written just before (the threads read committed data)', async () => {
    for (let i = 0; i < 5; i++) {
      const title = `Quokka${i} sighting`;
      const post = (
        await reader.client.post<Post>('/api/posts', {
          title,
          body: 'Seen by the harbor.',
          categoryIds: [1],
        })
      ).json;
      const res = await httpSearch({ q: `quokka${i}`, kind: 'posts' });
      expect(res.json.posts!.items.map((h) => h.id)).toEqual([post.id]);
    }
  });

  it('replaces threads that die, and answers the next search from the new ones', async () => {
    const pool = srv.server.context.search.pool!;
    await pool.ready();
    const before = pool.threads().map((w) => w.threadId);
    await Promise.all(pool.threads().map((w) => w.terminate()));
    // Messages are never kept (search-cache.ts): this one is answered by a new thread.
    const res = await httpSearch({ q: 'cedar', kind: 'messages' });
    expect(res.json).toEqual(inProcess.run(reader.id, { q: 'cedar', kind: 'messages' }));
    await pool.ready();
    const after = pool.threads().map((w) => w.threadId);
    expect(after).toHaveLength(2);
    expect(after.some((id) => before.includes(id))).toBe(false);
    expect(
      srv.logs.filter((r) => r.message === 'a search thread exited; starting another'),
    ).toHaveLength(2);
  });

  it('ends every thread when the server closes', async () => {
    const other = await startTestServer({ searchThreads: 2 });
    const c = await other.signup();
    expect((await c.client.get('/api/search?q=hello')).status).toBe(200);
    const pool = other.server.context.search.pool!;
    await pool.ready();
    const exits = pool.threads().map((w) => new Promise((resolve) => w.once('exit', resolve)));
    expect(exits).toHaveLength(2);
    await other.close();
    await Promise.all(exits);
    expect(pool.threads()).toHaveLength(0);
  });
});
