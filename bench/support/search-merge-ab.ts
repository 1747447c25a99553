/**
 * (issue 12) What merging the FTS5 indexes (server/store/fts-maintenance.ts) changes in a
 * search: two copies of the same seeded forum, `before` as seeded and `after` merged, each
 * opened as a search thread opens it (read-only, no memory map, one read transaction a
 * search: server/search/search-worker.ts), the same queries alternated between them (the
 * order flipped every query), CPU per search from process.cpuUsage, and every answer of
 * the two compared (the same items, order, highlights and snippets, or it throws).
 * Usage: node --import tsx bench/support/search-merge-ab.ts <before.db> <after.db>
 *        [queries=800] [kinds=all,messages]
 */
import { SEARCH_KINDS, type SearchKind } from '../../common/api';
import { openDb } from '../../db/open-db';
import { SearchService, kindsOf, type SearchRequest } from '../../server/services/search.service';
import { createMessageSearch } from '../../server/store/message-search.store';
import { createSearchStore } from '../../server/store/search.store';
import { ftsStructureReader, ftsTables } from '../../server/store/fts-structure';
import { drawSearchQuery, rng } from './search-seed';

const [beforeFile, afterFile, count = '800', kindList = 'all,messages'] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: search-merge-ab.ts <before> <after>');

function side(file: string) {
  const db = openDb(file, { readonly: true });
  db.pragma('mmap_size = 0');
  const service = new SearchService(createSearchStore(db), { search: createMessageSearch(db) });
  const search = db.transaction((userId: number, req: SearchRequest) =>
    kindsOf(req).map((kind) => JSON.stringify(service.group(userId, kind, req))),
  );
  const segments = ftsTables(db)
    .map((t) => `${t} ${ftsStructureReader(db, t)()?.segments ?? '?'}`)
    .join(', ');
  return { search, segments, us: 0 };
}
const sides = { before: side(beforeFile), after: side(afterFile) };
console.log(`segments before: ${sides.before.segments}\nsegments after: ${sides.after.segments}`);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

for (const kindName of kindList.split(',')) {
  const kind = kindName === 'all' ? undefined : (kindName as SearchKind);
  if (kind && !SEARCH_KINDS.includes(kind)) throw new Error(`no kind ${kind}`);
  const r = rng(1000);
  const queries = Array.from({ length: Number(count) }, () => drawSearchQuery(r).q);
  for (const s of Object.values(sides)) {
    s.us = 0;
    // Warm-up: the page cache and the prepared statements.
    for (const q of queries.slice(0, 50)) s.search(1, { q, kind });
  }
  let compared = 0;
  queries.forEach((q, i) => {
    const userId = 1 + (i % 20);
    const order = i % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const);
    const answers: Record<string, string> = {};
    for (const name of order) {
      const c0 = process.cpuUsage();
      answers[name] = sides[name].search(userId, { q, kind }).join('\n');
      const c = process.cpuUsage(c0);
      sides[name].us += c.user + c.system;
    }
    if (answers.before !== answers.after) throw new Error(`different answers for "${q}"`);
    compared++;
  });
  const b = sides.before.us / queries.length;
  const a = sides.after.us / queries.length;
  console.log(
    `${kindName}: ${fmt(b)} → ${fmt(a)} µs CPU per search (${((a / b - 1) * 100).toFixed(0)} %), ` +
      `${compared} of ${queries.length} answers identical`,
  );
}
