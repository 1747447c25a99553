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
import { compareSides } from './search-alternate';

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
  return { search, segments };
}
const sides = { before: side(beforeFile), after: side(afterFile) };
console.log(`segments before: ${sides.before.segments}\nsegments after: ${sides.after.segments}`);
compareSides(sides, {
  kindList,
  count: Number(count),
  seed: 1000,
  isKind: (name) => SEARCH_KINDS.includes(name as SearchKind),
});
