/**
 * A comment is acknowledged (201) only after its group commit: kill -9 the host right after
 * N comments were acknowledged, all POSTed at once (so they share commits), and every one of
 * them, with its event, is in the file the process left.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comment, Post } from '../../common/api';
import { openDb } from '../../db/open-db';
import { signupBody, TestClient } from '../test/harness';
import { hostProcesses } from '../test/host-process';

const N = 200;
const hosts = hostProcesses();
const { dataDir } = hosts;
const startHost = () => hosts.start();

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
