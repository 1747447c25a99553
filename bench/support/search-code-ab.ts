/**
 * (issue 12) Two checkouts' search code on one database: each side's SearchService (its own
 * modules, its own connection opened as a search thread opens it: read-only, no memory map,
 * one read transaction a search), the same queries alternated between them (the order
 * flipped every query), CPU per search from process.cpuUsage, and every answer of the two
 * compared (the same bytes, or it throws). The probes' caches live as long as the run, as in
 * the server's threads.
 * Usage: node --import tsx bench/support/search-code-ab.ts <db file> <before> <after>
 *        [queries=2000] [kinds=all,messages]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareSides } from './search-alternate';

const [file, beforeRoot, afterRoot, count = '2000', kindList = 'all,messages'] =
  process.argv.slice(2);
if (!file || !beforeRoot || !afterRoot) throw new Error('usage: search-code-ab.ts <db> <a> <b>');
type Kind = 'messages' | 'posts' | 'comments' | 'people';

async function side(root: string) {
  const at = (p: string) => pathToFileURL(resolve(root, p)).href;
  const { openDb } = (await import(at('db/open-db.ts'))) as typeof import('../../db/open-db');
  const svc = (await import(
    at('server/services/search.service.ts')
  )) as typeof import('../../server/services/search.service');
  const { createMessageSearch } = (await import(
    at('server/store/message-search.store.ts')
  )) as typeof import('../../server/store/message-search.store');
  const { createSearchStore } = (await import(
    at('server/store/search.store.ts')
  )) as typeof import('../../server/store/search.store');
  const db = openDb(file!, { readonly: true });
  db.pragma('mmap_size = 0');
  const service = new svc.SearchService(createSearchStore(db), {
    search: createMessageSearch(db),
  });
  const search = db.transaction((userId: number, req: { q: string; kind?: Kind }) =>
    svc.kindsOf(req).map((kind) => JSON.stringify(service.group(userId, kind, req))),
  );
  return { search };
}

const sides = { before: await side(beforeRoot), after: await side(afterRoot) };
compareSides(sides, {
  kindList,
  count: Number(count),
  seed: 2000,
  isKind: (name) => ['messages', 'posts', 'comments', 'people'].includes(name),
});
