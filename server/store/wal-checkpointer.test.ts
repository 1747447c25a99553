import { statSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, closeDb } from '../../db/open-db';
import { createLogger, type LogRecord } from '../logging/logger';
import { tempDataDir } from '../test/harness';
import { until } from '../test/ws-client';
import { startWalCheckpointer } from './wal-checkpointer';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logs: LogRecord[] = [];
const log = createLogger('test', { level: 'debug', sink: (r) => logs.push(r) });

describe('startWalCheckpointer', () => {
  it('checkpoints from a worker thread, so the WAL stays small without automatic checkpoints', async () => {
    const db = openDb(join(dir, 'a.db'));
    db.exec('CREATE TABLE t (v TEXT) STRICT');
    const cp = await startWalCheckpointer(db, { everyMs: 10, log });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const row = 'x'.repeat(4000); // about one page per row
    let largest = 0;
    for (let round = 0; round < 10; round++) {
      db.transaction(() => {
        for (let i = 0; i < 300; i++) insert.run(row);
      })();
      largest = Math.max(largest, statSync(`${db.name}-wal`).size);
      // Let the worker catch up before the next round (a real server keeps writing: PASSIVE
      // checkpoints never block it, the WAL restarts once a checkpoint finished).
      await new Promise((r) => setTimeout(r, 50));
    }
    // 3,000 pages were written; without checkpoints the WAL would hold all of them (12 MB).
    expect(largest).toBeLessThan(6 * 1024 * 1024);
    await cp.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(3000);
    closeDb(db);
  });

  it('falls back to automatic checkpoints when the thread cannot open the database', async () => {
    const db = openDb(join(dir, 'b.db'));
    const cp = await startWalCheckpointer(db, {
      everyMs: 10,
      nativeBinding: join(dir, 'no-such-binding.node'),
      log,
    });
    await until(
      () => logs.some((r) => r.message === 'WAL checkpoints stay on the main thread'),
      'fallback',
    );
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await cp.stop();
    closeDb(db);
  });
});
