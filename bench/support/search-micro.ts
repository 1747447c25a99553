/**
 * In-process micro-measure of search (issue 12): what `SearchService.run` costs on a seeded
 * database, per kind and per query class (one word, two words, a 3–5 letter prefix), without
 * HTTP, sessions or the load generator, so a change to search's own cost shows on a shared
 * machine. Queries are drawn as bench/search.ts draws them; each is timed alone (wall time of
 * one synchronous call: on a loaded machine the tail is partly the scheduler's), and the
 * whole run's CPU per call comes from process.cpuUsage. Then all kinds again through the
 * server's Searcher (server/search/searcher.ts) on the event loop (searchThreads 0), with
 * its cache of the posts, comments and people found: starting empty, then the same queries
 * again, alone and with a comment written every 10 searches (each renews the kept comments).
 * Usage: node --import tsx bench/support/search-micro.ts <db file> [queries=400] [kinds=all,posts,comments,messages,people]
 * (Writes a few comments and deletes them again: use a copy of a kept bench/.results database.)
 */
import { openDb } from '../../db/open-db';
import { SEARCH_KINDS, type SearchKind } from '../../common/api';
import { createStores } from '../../server/store/index';
import { SearchService } from '../../server/services/search.service';
import { createSearcher } from '../../server/search/searcher';
import { createLogger } from '../../server/logging/logger';
import { drawSearchQuery, rng } from './search-seed';

const [file, count = '400', kindList = 'all,posts,comments,messages,people'] =
  process.argv.slice(2);
if (!file) throw new Error('usage: search-micro.ts <db file> [queries] [kinds]');
const db = openDb(file);
const stores = createStores(db);
const service = new SearchService(stores.search, stores.messageAccess);
const searchers = 20;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

for (const kindName of kindList.split(',')) {
  const kind = kindName === 'all' ? undefined : (kindName as SearchKind);
  if (kind && !SEARCH_KINDS.includes(kind)) throw new Error(`no kind ${kind}`);
  const r = rng(1000);
  const queries = Array.from({ length: Number(count) }, () => drawSearchQuery(r));
  // Warm-up: the page cache and the prepared statements.
  for (const { q } of queries.slice(0, 50)) service.run(1, { q, kind });
  const byClass = new Map<string, number[]>();
  const c0 = process.cpuUsage();
  queries.forEach(({ q, cls }, i) => {
    const t0 = performance.now();
    service.run(1 + (i % searchers), { q, kind });
    const ms = performance.now() - t0;
    byClass.set(cls, [...(byClass.get(cls) ?? []), ms]);
    byClass.set('every', [...(byClass.get('every') ?? []), ms]);
  });
  const cpu = process.cpuUsage(c0);
  console.log(
    `${kindName}: ${fmt((cpu.user + cpu.system) / queries.length)} µs CPU per search (${queries.length} queries)`,
  );
  for (const [cls, times] of byClass) {
    const s = times.sort((a, b) => a - b);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    console.log(
      `  ${cls.padEnd(9)} n=${String(s.length).padStart(4)}  mean ${fmt(mean * 1000)} µs  ` +
        `p50 ${fmt(pct(s, 0.5) * 1000)}  p90 ${fmt(pct(s, 0.9) * 1000)}  p99 ${fmt(pct(s, 0.99) * 1000)}  max ${fmt((s.at(-1) ?? 0) * 1000)}`,
    );
  }
}

const searcher = createSearcher({
  threads: 0,
  db,
  log: createLogger('micro', { level: 'silent' }),
  inProcess: service,
});
const comment = db.prepare(
  "INSERT INTO comments (post_id, author_id, body, created_at) VALUES (1, 1, ?, '2025-01-01')",
);
const written: number[] = [];
for (const [pass, writeEvery] of [0, 0, 10].entries()) {
  const r = rng(1000);
  const queries = Array.from({ length: Number(count) }, () => drawSearchQuery(r).q);
  const { hits, misses } = searcher.cache;
  let cpuUs = 0;
  for (const [i, q] of queries.entries()) {
    if (writeEvery > 0 && i % writeEvery === 0) {
      written.push(Number(comment.run(`kalo written while searching ${i}`).lastInsertRowid));
    }
    const c0 = process.cpuUsage();
    await searcher.run(1 + (i % searchers), { q });
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
  }
  const hit = searcher.cache.hits - hits;
  console.log(
    `all, cached (${pass === 0 ? 'empty at first' : 'these queries seen before'}${writeEvery ? `, a comment written every ${writeEvery} searches` : ''}): ` +
      `${fmt(cpuUs / queries.length)} µs CPU per search; ${fmt((100 * hit) / (hit + searcher.cache.misses - misses))} % of posts, comments and people groups kept`,
  );
}
const remove = db.prepare('DELETE FROM comments WHERE id = ?');
for (const id of written) remove.run(id);
