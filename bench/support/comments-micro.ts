/**
 * Where a REST comment's CPU goes, in-process (issue 15, fifth pass): the real server's
 * context on a seeded file (bench/support/seed.ts), then µs of CPU (process.cpuUsage, user +
 * system) per call of
 *  - the session check every request makes (`SessionService.authenticateCookieHeader`);
 *  - `CommentsService.createGrouped`, committed in batches of B (the group commit's batch:
 *    the bench's 50 connections give ~25–50), comments on random posts;
 * with the event loop's hold per comment (wall time, the fsync included) and the WAL frames
 * each batch wrote; at the end, the comments index's FTS5 segments.
 * Variants alternate round by round in this one process: MICRO_VARIANTS="a:;b:ENV=1" sets
 * each one's environment switches before its rounds (for code under test that reads them);
 * MICRO_FSYNC=inline commits each batch NORMAL + an fdatasync of the WAL; MICRO_SQL runs on the
 * server's connection first.
 * Usage: node --import tsx bench/support/comments-micro.ts [--posts 20000] [--batch 40]
 *        [--comments 4000] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { walSyncFor } from '../../db/wal-sync';
import { inProcessForum } from './bench-server';
import { median } from './micro-stats';
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
const server = await inProcessForum(dataDir);
try {
  const ctx = server.context;
  // Experiments: MICRO_SQL runs on the server's connection before measuring.
  if (process.env.MICRO_SQL) ctx.db.exec(process.env.MICRO_SQL);
  // MICRO_FSYNC=inline: each batch commits NORMAL, then an fdatasync of the WAL (the chat's way).
  if (process.env.MICRO_FSYNC === 'inline') {
    const walSync = walSyncFor(ctx.db)!;
    const writer = ctx.writer;
    const batch = writer.writeBatch.bind(writer);
    writer.writeBatch = (bodies) => {
      const outcomes = walSync.unsynced(() => batch(bodies));
      walSync.syncNow();
      return outcomes;
    };
  }
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
  let wallMs = 0;
  let lastLog = 0;
  let frames: number[] = [];
  const comments = async (n: number, checks?: { us: number }): Promise<number> => {
    let us = 0;
    for (let done = 0; done < n; done += BATCH) {
      const pending: Promise<unknown>[] = [];
      if (checks) checks.us += sessions(BATCH) * BATCH;
      const w0 = performance.now();
      us += cpu(() => {
        for (let i = 0; i < BATCH; i++) {
          const postId = firstPost + Math.floor(Math.random() * POSTS);
          pending.push(
            ctx.comments.createGrouped(postId, user, `A micro comment number ${seq++}`, []),
          );
        }
        ctx.writer.flushGrouped();
      });
      wallMs += performance.now() - w0;
      // WAL frames this batch's commit wrote (skipped when a checkpoint restarted the WAL).
      const log = (ctx.db.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
      if (log > lastLog) frames.push(log - lastLog);
      lastLog = log;
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
  // MICRO_VARIANTS="name:ENV=1,ENV2=x;other:": environment switches read at run time by code
  // under test, alternated round by round in this one process (same file, same JIT).
  const variants = (process.env.MICRO_VARIANTS ?? 'as is:').split(';').map((v) => {
    const [name, env = ''] = v.split(':');
    return {
      name: name!,
      env: env
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    };
  });
  const results = new Map<string, { s: number[]; c: number[]; wall: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      for (const o of variants) for (const [k] of o.env) delete process.env[k];
      for (const [k, val] of v.env) process.env[k] = val;
      const s = sessions(20000);
      wallMs = 0;
      const c = await comments(COMMENTS);
      const wall = (wallMs * 1000) / COMMENTS;
      const r = results.get(v.name) ?? { s: [], c: [], wall: [] };
      console.log(
        `  WAL frames per batch: ${(frames.reduce((a, b) => a + b, 0) / frames.length).toFixed(0)}`,
      );
      frames = [];
      r.s.push(s);
      r.c.push(c);
      r.wall.push(wall);
      results.set(v.name, r);
      console.log(
        `round ${round + 1} ${v.name}: session check ${s.toFixed(1)} µs, comment ${c.toFixed(1)} µs ` +
          `(batches of ${BATCH}), event loop held ${wall.toFixed(1)} µs per comment`,
      );
    }
  }
  for (const [name, r] of results) {
    console.log(
      `median ${name}: session ${median(r.s).toFixed(1)} µs, comment ${median(r.c).toFixed(1)} µs, ` +
        `loop held ${median(r.wall).toFixed(1)} µs`,
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
