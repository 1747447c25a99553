/**
 * (issue 12) What another connection's commits cost a search thread: one read-only
 * connection opened as a search thread opens it (no memory map unless `mmap` is given, 32 MB
 * of page cache), searching the bench's all-kinds query streams with the event loop's cache
 * as search-mix.ts models it (posts, comments and people only the first time a query comes),
 * while a second connection commits every `every` searches, in turn:
 *   - none: no commit;
 *   - other: a row in a table no search reads (a commit and nothing else);
 *   - comment: a comment, with its FTS5 index (what the bench's writes phase commits).
 * Each mode starts from a fresh copy of the seeded file; the modes alternate `rounds` times,
 * each round in another order, and the median ratio to `none` is printed. In WAL mode a reader whose next transaction finds that another connection has
 * committed drops its whole page cache (SQLite's pagerBeginReadTransaction: pager_reset,
 * and with a memory map the whole map), so every page a search needs afterwards is read
 * again. At the bench's pace (~1,300 searches/s on two threads, a comment every 100 ms) a
 * thread sees a commit every ~65 searches: the default.
 * Usage: node --import tsx bench/support/search-commit-cost.ts <seeded db file>
 *        [every=65] [searches=8000] [rounds=5] [mmap=0]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../../db/open-db';
import { SearchService } from '../../server/services/search.service';
import { createMessageSearch } from '../../server/store/message-search.store';
import { createSearchStore } from '../../server/store/search.store';
import { drawSearchQuery, rng, threadKinds } from './search-seed';

const [seeded, everyArg = '65', countArg = '8000', roundsArg = '5', mmap = '0'] =
  process.argv.slice(2);
if (!seeded) throw new Error('usage: search-commit-cost.ts <seeded db> [every] [searches] …');
const every = Number(everyArg);
const count = Number(countArg);
type Mode = 'none' | 'other' | 'comment';
const MODES: Mode[] = ['none', 'other', 'comment'];

function measure(mode: Mode): number {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-commit-cost-'));
  const file = join(dir, 'hearth.db');
  copyFileSync(seeded!, file);
  try {
    const writer = openDb(file);
    writer.exec('CREATE TABLE IF NOT EXISTS bench_unrelated (x TEXT)');
    const other = writer.prepare<[string], never>('INSERT INTO bench_unrelated (x) VALUES (?)');
    const comment = writer.prepare<[string], never>(
      `INSERT INTO comments (post_id, author_id, body, created_at)
       VALUES (1, 1, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    );
    const db = openDb(file, { readonly: true });
    db.pragma(`mmap_size = ${Number(mmap)}`);
    const service = new SearchService(createSearchStore(db), { search: createMessageSearch(db) });
    const streams = Array.from({ length: 20 }, (_, i) => rng(1000 + i));
    const kept = new Set<string>();
    const search = db.transaction((userId: number, q: string) => {
      return threadKinds(kept, q).map((kind) => JSON.stringify(service.group(userId, kind, { q })));
    });
    let us = 0;
    for (let i = 0; i < count; i++) {
      if (mode !== 'none' && i % every === 0) {
        (mode === 'other' ? other : comment).run(`written while people search (${i})`);
      }
      const { q } = drawSearchQuery(streams[i % 20]!);
      const c0 = process.cpuUsage();
      search(1 + (i % 20), q);
      const c = process.cpuUsage(c0);
      us += c.user + c.system;
    }
    closeDb(db);
    closeDb(writer);
    return us / count;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(
  `${fmt(count)} all-kinds searches a mode, a commit every ${every} searches, mmap_size ${mmap}`,
);
const ratios: Record<'other' | 'comment', number[]> = { other: [], comment: [] };
for (let round = 1; round <= Number(roundsArg); round++) {
  // Each round in another order: the machine's own speed drifts within a run.
  const order = MODES.map((_, i) => MODES[(i + round - 1) % MODES.length]!);
  const us = {} as Record<Mode, number>;
  for (const m of order) us[m] = measure(m);
  const pct = (m: 'other' | 'comment') => {
    ratios[m].push(us[m] / us.none);
    return `${us[m] >= us.none ? '+' : ''}${fmt((100 * (us[m] - us.none)) / us.none)} %`;
  };
  console.log(
    `round ${round} (${order.join(', ')}): none ${fmt(us.none)} µs a search; ` +
      `other ${fmt(us.other)} (${pct('other')}); comment ${fmt(us.comment)} (${pct('comment')})`,
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `median against none: other ×${median(ratios.other).toFixed(2)}, ` +
    `comment ×${median(ratios.comment).toFixed(2)}`,
);
