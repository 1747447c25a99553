/**
 * (issue 12) Where a search thread's CPU goes in the bench's all-kinds phase: the queries of
 * bench/search.ts's 20 searchers (each its own stream, taken in turn), searched as the
 * server's threads search them: messages every time (they depend on who searches), posts,
 * comments and people only the first time their FTS5 query comes (the event loop keeps those
 * groups until a write, server/search/search-cache.ts). One read-only connection opened as a
 * search thread opens it, one read transaction a search. Prints CPU per search in all, and
 * per kind by query class and by whether the query's text came before (from any searcher):
 * a first search of a text reads pages and runs probes that the next one finds kept.
 * `mmap` and `cache` set those pragmas on the connection (a thread has 0 and 32 MB).
 * Usage: node --import tsx bench/support/search-mix.ts <db file> [searches=6000] [mmap=0] [cache_size]
 */
import type { SearchKind } from '../../common/api';
import { openDb } from '../../db/open-db';
import { SearchService } from '../../server/services/search.service';
import { createMessageSearch } from '../../server/store/message-search.store';
import { createSearchStore } from '../../server/store/search.store';
import { drawSearchQuery, rng, threadKinds } from './search-seed';

const [file, count = '6000', mmap = '0', cache] = process.argv.slice(2);
if (!file) throw new Error('usage: search-mix.ts <db file> [searches] [mmap] [cache_size]');
const db = openDb(file, { readonly: true });
db.pragma(`mmap_size = ${Number(mmap)}`);
if (cache !== undefined) db.pragma(`cache_size = ${Number(cache)}`);
const service = new SearchService(createSearchStore(db), { search: createMessageSearch(db) });
const streams = Array.from({ length: 20 }, (_, i) => rng(1000 + i));
const keptMatches = new Set<string>();
const seenTexts = new Set<string>();
const sums = new Map<string, { n: number; us: number }>();
const add = (key: string, us: number) => {
  const s = sums.get(key) ?? { n: 0, us: 0 };
  s.n++;
  s.us += us;
  sums.set(key, s);
};
const search = db.transaction(
  (userId: number, q: string, kinds: readonly SearchKind[], labels: string[]) => {
    for (const kind of kinds) {
      const c0 = process.cpuUsage();
      JSON.stringify(service.group(userId, kind, { q }));
      const c = process.cpuUsage(c0);
      for (const label of labels) add(`${kind} ${label}`, c.user + c.system);
      add(kind, c.user + c.system);
    }
  },
);
const searches = Number(count);
const all0 = process.cpuUsage();
for (let i = 0; i < searches; i++) {
  const { q, cls } = drawSearchQuery(streams[i % 20]!);
  const kinds = threadKinds(keptMatches, q);
  search(1 + (i % 20), q, kinds, [cls, seenTexts.has(q) ? 'text seen before' : 'text first']);
  seenTexts.add(q);
}
const all = process.cpuUsage(all0);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(
  `${fmt(searches)} searches: ${fmt((all.user + all.system) / searches)} µs CPU per search ` +
    `(system ${fmt(all.system / searches)} µs)`,
);
for (const [key, s] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    `  ${key.padEnd(28)} ${String(s.n).padStart(6)} groups, ${fmt(s.us / s.n).padStart(5)} µs each, ` +
      `${fmt(s.us / searches).padStart(4)} µs per search`,
  );
}
