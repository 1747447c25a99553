import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';
import { tempDataDir } from '../test/harness';
import { FEED_READ_STATE_SQL } from './feed-read-state.store';

// The statements bind positional lists (queryPlanner binds names only): a database of our own.
const dir = tempDataDir();
const db = openDb(join(dir, 'plans.db'));
migrate(db);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
const plan = (sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');

describe('feed read-state query plans', () => {
  it("seeks the reader's pointers by post_reads' primary key", () => {
    const p = plan(FEED_READ_STATE_SQL.pointers(3), 1, 10, 11, 12);
    expect(p).toContain('post_reads USING PRIMARY KEY (user_id=? AND post_id=?)');
    expect(p).not.toContain('SCAN post_reads');
  });
  it('counts new comments along comments_post (post_id, id), past the pointer', () => {
    const p = plan(FEED_READ_STATE_SQL.newComments(2), { userId: 1 }, 10, 0, 11, 5);
    expect(p).toContain('USING INDEX comments_post (post_id=? AND id>?)');
    expect(p).not.toContain('SCAN c');
  });
});
