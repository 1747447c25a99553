/**
 * In-process micro-measure of the feed with read state (issue 13): µs per
 * `FeedService.page` call, without HTTP, sessions or the load generator, so a change to the
 * feed's own cost shows on this shared machine. Seeds `posts` posts (bench/support/seed.ts),
 * `readers` more users, opens half the first page as the bench's reader, then times:
 * the same reader again and again (what the rest.ts feed case does), and each reader once
 * (a reader's first look at a page: nothing of theirs cached).
 * Usage: node --import tsx bench/support/feed-micro.ts [posts=20000] [readers=2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../../db/open-db';
import { createForumServer } from '../../server/forum-server';
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

const server = await createForumServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  rateLimit: false,
  staticDir: null,
  logLevel: 'error',
  setup: 'first-signup',
});
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

  const time = (label: string, n: number, f: (i: number) => void) => {
    for (let i = 0; i < Math.min(n, 500); i++) f(i);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
    console.log(`${label}: ${us.toFixed(1)} µs per call`);
  };
  const postsPage = ctx.feed.get('|' + '|20', () => ctx.posts.list({ limit: 20 }));
  console.log(
    `bytes: feed page ${ctx.feedPages.page(q, bench).length}, /api/posts page ${postsPage.length}`,
  );
  for (let round = 0; round < 3; round++) {
    time('page(), same reader', 20000, () => ctx.feedPages.page(q, bench));
    // Each reader once per round: their first look at this page.
    const others = users.slice(1);
    time(`page(), ${others.length} readers once each`, others.length, (i) =>
      ctx.feedPages.page(q, others[i]!),
    );
    time('feedQuery parse', 20000, () => feedQuery.parse({ sort: 'activity', limit: '20' }));
  }
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
