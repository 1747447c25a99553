/**
 * In-process micro-measure of the feed with read state (issue 13): µs per
 * `FeedService.page` call, without HTTP, sessions or the load generator, so a change to the
 * feed's own cost shows on this shared machine. Seeds `posts` posts (bench/support/seed.ts),
 * `readers` more users, opens half the first page as the bench's reader, then times:
 * the same reader again and again (what the rest.ts feed case does), and each reader once
 * (a reader's first look at a page: nothing of theirs cached).
 * Prints CPU µs per call (process.cpuUsage).
 * Usage: node --import tsx bench/support/feed-micro.ts [posts=20000] [readers=2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../../db/open-db';
import { inProcessForum } from './bench-server';
import { feedQuery } from '../../common/attention-api';
import { seedForum } from './seed';

const posts = Number(process.argv[2] ?? 20000);
const readers = Number(process.argv[3] ?? 2000);
const dataDir = mkdtempSync(join(tmpdir(), 'hearth-feed-micro-'));
const dbPath = join(dataDir, 'hearth.db');
seedForum(dbPath, posts);
{
  // Readers who joined before every post (so never-opened posts are "new" to them).
  const db = openDb(dbPath);
  const add = db.prepare(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, 'x', 'R', 'R', 30, 'other', '2000-01-01T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let i = 0; i < readers; i++) add.run(`reader${i}`, `reader${i}@example.com`);
  })();
  closeDb(db);
}

const server = await inProcessForum(dataDir);
try {
  const ctx = server.context;
  const users = ctx.db
    .prepare<[], { id: number; createdAt: string }>(
      'SELECT id, created_at AS createdAt FROM users ORDER BY id',
    )
    .all();
  const bench = users[0]!;
  const q = feedQuery.parse({ sort: 'activity', limit: '20' });
  const first = JSON.parse(ctx.feedPages.page(q, bench).toString()) as { items: { id: number }[] };
  for (const p of first.items.slice(0, 10)) await ctx.attention.openPost(bench.id, p.id);

  const time = (label: string, n: number, f: (i: number) => void, warm = true) => {
    if (warm) for (let i = 0; i < Math.min(n, 500); i++) f(i);
    // CPU time, not wall time: on a shared machine the wait for a core is not the code's.
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) f(i);
    const t = process.cpuUsage(t0);
    console.log(`${label}: ${((t.user + t.system) / n).toFixed(1)} µs of CPU per call`);
  };
  // The page's posts, for the read-state statements alone: one json_each statement (before)
  // against pointers, then counts where needed (now), alternated.
  const ids = first.items.map((p) => p.id);
  const idsJson = JSON.stringify(ids);
  const before = ctx.db.prepare(
    `SELECT j.value AS postId, r.last_comment_id AS lastRead,
       CASE WHEN r.last_comment_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = j.value AND p.author_id = :userId)
         THEN 0
         ELSE (SELECT count(*) FROM comments c WHERE c.post_id = j.value AND c.id > ifnull(r.last_comment_id, 0)
           AND c.author_id <> :userId AND c.deleted_at IS NULL) END AS newComments
     FROM json_each(:ids) j LEFT JOIN post_reads r ON r.user_id = :userId AND r.post_id = j.value`,
  );
  const others = users.slice(1);
  for (let round = 0; round < 3; round++) {
    time('page(), same reader', 20000, () => ctx.feedPages.page(q, bench));
    // Each reader once: their first look at this page (nothing of theirs kept yet).
    ctx.db.prepare('UPDATE users SET age = age WHERE id = ?').run(bench.id);
    time(
      `page(), ${others.length} readers once each`,
      others.length,
      (i) => ctx.feedPages.page(q, others[i]!),
      false,
    );
    time('read state SQL, json_each (before)', 20000, () =>
      before.all({ userId: bench.id, ids: idsJson }),
    );
    // (Absent when this runs against main's feed, for a before/after pair.)
    if (!('feedReadState' in ctx.stores)) continue;
    time('read state SQL, pointers + counts where needed (now)', 20000, () => {
      const read = ctx.stores.feedReadState.pointers(bench.id, ids);
      // The bench's reader wrote every post: each one is counted.
      ctx.stores.feedReadState.newComments(
        bench.id,
        ids.map((id) => ({ postId: id, after: read.get(id) ?? 0 })),
      );
    });
  }
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
