import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';
import { tempDataDir } from './harness';

/**
 * For query-plan tests: a freshly migrated database in a temp folder (removed after the
 * file's tests), and `plan(sql, ...params)` → SQLite's EXPLAIN QUERY PLAN details, one per line
 * (named parameters as one object, positional ones as a list, or both).
 * Call it at the top level of a test file.
 */
export function queryPlanner(): (sql: string, ...params: unknown[]) => string {
  const dir = tempDataDir();
  const db = openDb(join(dir, 'plans.db'));
  migrate(db);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return (sql, ...params) => {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    return rows.map((r) => r.detail).join('\n');
  };
}
