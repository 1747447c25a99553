/**
 * A comment is acknowledged (201) only after its group commit: kill -9 the host right after
 * N comments were acknowledged, all POSTed at once (so they share commits), and every one of
 * them, with its event, is in the file the process left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Comment, Post } from '../../common/api';
import { openDb } from '../../db/open-db';
import { signupBody, tempDataDir, TestClient } from '../test/harness';
import { until } from '../test/ws-client';

const ROOT = join(import.meta.dirname, '..', '..');
const N = 200;
const children = new Set<ChildProcess>();
const dataDir = tempDataDir();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startHost(): Promise<{ url: string; child: ChildProcess; exit: Promise<unknown> }> {
  const args = ['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--no-rate-limit'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/entry/host.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, HEARTH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exit = new Promise((resolve) => child.on('exit', resolve)).finally(() =>
    children.delete(child),
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await until(
    () => /This machine:\s+http/.test(out) || child.exitCode !== null,
    'the host',
    45_000,
  );
  const url = /This machine:\s+(http:\/\/\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`host did not start:\n${out}`);
  return { url, child, exit };
}

describe('durability of comments', () => {
  it('keeps every acknowledged comment and its event through kill -9', async () => {
    const host = await startHost();
    const a = new TestClient(host.url);
    await a.post('/api/auth/signup', signupBody({ nickname: 'commenter9' }));
    const post = await a.post<Post>('/api/posts', { title: 'Kept', body: 'b', categoryIds: [1] });
    expect(post.status).toBe(201);

    // All at once, so that they share group commits; each 201 is an acknowledgement.
    const acked = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        a.post<Comment>(`/api/posts/${post.json.id}/comments`, { body: `kept ${i}` }),
      ),
    );
    expect(acked.map((r) => r.status)).toEqual(Array.from({ length: N }, () => 201));
    host.child.kill('SIGKILL');
    await host.exit;

    const db = openDb(join(dataDir, 'hearth.db'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = db
        .prepare('SELECT id, body FROM comments WHERE post_id = ? ORDER BY id')
        .all(post.json.id);
      const ackedRows = acked.map((r) => ({ id: r.json.id, body: r.json.body }));
      expect(stored).toEqual([...ackedRows].sort((x, y) => x.id - y.id));
      const events = db
        .prepare(
          "SELECT json_extract(payload, '$.comment.id') FROM events WHERE type = 'comment.created'",
        )
        .pluck()
        .all();
      expect(new Set(events)).toEqual(new Set(ackedRows.map((c) => c.id)));
      expect(
        db.prepare('SELECT comment_count FROM posts WHERE id = ?').pluck().get(post.json.id),
      ).toBe(N);
    } finally {
      db.close();
    }
  }, 120_000);
});
