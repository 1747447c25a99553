/**
 * For the one-write-per-WAL-frame experiment (sqlite-wal-one-write.patch, bench/README.md,
 * issue 15 seventh pass): commits written by the better-sqlite3 build at $BINDING (patched),
 * copied as they are on disk while the connection is still open (a crash image: WAL not
 * checkpointed), then opened by this project's better-sqlite3 (stock): every committed row
 * must be there and the file must pass integrity_check.
 * Usage: BINDING=/path/better_sqlite3.node node --import tsx bench/support/wal-one-write-check.ts
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const binding = process.env.BINDING;
if (!binding) throw new Error('BINDING=<better_sqlite3.node> is required');
const dir = mkdtempSync(join(tmpdir(), 'wal-one-write-'));
try {
  const db = new Database(join(dir, 'a.db'), { nativeBinding: binding });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  let rows = 0;
  const commit = db.transaction((n: number) => {
    for (let i = 0; i < n; i++, rows++) insert.run(`v${Math.random()}`.repeat(5));
  });
  for (let c = 0; c < 300; c++) commit(1 + (c % 9));
  copyFileSync(join(dir, 'a.db'), join(dir, 'b.db'));
  copyFileSync(join(dir, 'a.db-wal'), join(dir, 'b.db-wal'));
  const walBytes = statSync(join(dir, 'a.db-wal')).size;
  const stock = new Database(join(dir, 'b.db'));
  const found = stock.prepare('SELECT COUNT(*) FROM t').pluck().get() as number;
  const integrity = stock.pragma('integrity_check', { simple: true }) as string;
  console.log(`rows ${found} of ${rows} committed, integrity ${integrity}, WAL ${walBytes} bytes`);
  stock.close();
  db.close();
  if (found !== rows || integrity !== 'ok') process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
