/**
 * Where a REST comment's CPU goes, in-process (issue 15, fifth pass): the real server's
 * context on a seeded file (bench/support/seed.ts), then µs of CPU (process.cpuUsage, user +
 * system) per call of
 *  - the session check every request makes (`SessionService.authenticateCookieHeader`);
 *  - `CommentsService.createGrouped`, committed in batches of B (the group commit's batch:
 *    the bench's 50 connections give ~25–50), comments on random posts;
 * and the file's FTS5 segments for comments after the run (one per flush).
 * Usage: node --import tsx bench/support/comments-micro.ts [--posts 20000] [--batch 40]
 *        [--comments 4000] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createForumServer } from '../../server/forum-server';
import { seedForum } from './seed';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '40' },
    comments: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
  },
});
const POSTS = Number(values.posts);
const BATCH = Number(values.batch);
const COMMENTS = Number(values.comments);
const ROUNDS = Number(values.rounds);

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-comments-micro-'));
seedForum(join(dataDir, 'hearth.db'), POSTS);
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
  // Experiments: MICRO_SQL runs on the server's connection before measuring.
  if (process.env.MICRO_SQL) ctx.db.exec(process.env.MICRO_SQL);
  const user = ctx.db
    .prepare<[], { id: number; nickname: string }>('SELECT id, nickname FROM users ORDER BY id')
    .get()!;
  const { token } = ctx.sessions.create(user.id);
  const cookie = `other=1; ${ctx.sessions.cookie.name}=${token}`;
  const firstPost = ctx.db.prepare<[], number>('SELECT min(id) FROM posts').pluck().get()!;

  const cpu = (f: () => void): number => {
    const t0 = process.cpuUsage();
    f();
    const t = process.cpuUsage(t0);
    return t.user + t.system;
  };
  let seq = 0;
  /** With `checks`: a session check before each comment, as each request makes (timed apart). */
  const comments = async (n: number, checks?: { us: number }): Promise<number> => {
    let us = 0;
    for (let done = 0; done < n; done += BATCH) {
      const pending: Promise<unknown>[] = [];
      if (checks) checks.us += sessions(BATCH) * BATCH;
      us += cpu(() => {
        for (let i = 0; i < BATCH; i++) {
          const postId = firstPost + Math.floor(Math.random() * POSTS);
          pending.push(
            ctx.comments.createGrouped(postId, user, `A micro comment number ${seq++}`, []),
          );
        }
        ctx.writer.flushGrouped();
      });
      await Promise.all(pending);
    }
    return us / n;
  };
  const sessions = (n: number): number =>
    cpu(() => {
      for (let i = 0; i < n; i++) {
        if (!ctx.sessions.authenticateCookieHeader(cookie)) throw new Error('no session');
      }
    }) / n;

  await comments(500);
  sessions(2000);
  for (let round = 0; round < ROUNDS; round++) {
    const s = sessions(20000);
    const c = await comments(COMMENTS);
    const between = { us: 0 };
    const c2 = await comments(COMMENTS, between);
    console.log(
      `round ${round + 1}: session check ${s.toFixed(1)} µs alone, ` +
        `${(between.us / COMMENTS).toFixed(1)} µs between commits; comment ${c.toFixed(1)} µs, ` +
        `${c2.toFixed(1)} µs after checks (batches of ${BATCH})`,
    );
  }
  const segments = ctx.db
    .prepare<[], number>(`SELECT count(DISTINCT segid) FROM comments_fts_idx`)
    .pluck()
    .get();
  console.log(`comments_fts segments now: ${segments}`);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
