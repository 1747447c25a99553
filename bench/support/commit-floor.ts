import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface CommitFloor {
  p50Ms: number;
  p99Ms: number;
}

/**
 * The durability floor of this disk, in this folder: one-row commits in WAL with
 * synchronous=FULL (as the forum commits every DM), each waiting for its fsync. A durable
 * message cannot be delivered sooner than its commit, so the DM latency targets read
 * against this figure, measured in the same run as the benches.
 */
export function measureCommitFloor(dir: string, commits = 200): CommitFloor {
  const db = new Database(join(dir, 'commit-floor.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const commit = db.transaction((body: string) => insert.run(body));
    const times: number[] = [];
    for (let i = 0; i < commits; i++) {
      const start = performance.now();
      commit.immediate(`message ${i} `.repeat(8));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { p50Ms: at(0.5), p99Ms: at(0.99) };
  } finally {
    db.close();
  }
}
