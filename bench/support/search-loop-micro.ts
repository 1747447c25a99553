/**
 * (issue 12) The event loop's own CPU per search, without HTTP: the server's Searcher
 * (server/search/searcher.ts) with its two search threads, on a copy of the search bench's
 * database, 20 callers each awaiting one search after the other, and the main thread's CPU
 * from process.threadCpuUsage (the threads' is not in it). Each checkout given (its own
 * modules, its own threads) gets the same queries; they alternate `rounds` times. The
 * answers of the checkouts are compared (the same bytes, or it throws).
 * Usage: node --import tsx bench/support/search-loop-micro.ts <db file> <checkout>[,<checkout>…]
 *        [searches=2000] [rounds=3] [kind=all|messages]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { drawSearchQuery, rng } from './search-seed';

const [file, rootList, countArg = '2000', roundsArg = '3', kindArg = 'all'] = process.argv.slice(2);
if (!file || !rootList) throw new Error('usage: search-loop-micro.ts <db> <checkout>[,…]');
type Kind = 'messages' | 'posts' | 'comments' | 'people';
const kind = kindArg === 'all' ? undefined : (kindArg as Kind);
const CALLERS = 20;

interface Side {
  root: string;
  run(userId: number, req: { q: string; kind?: Kind }): Promise<string>;
  close(): Promise<void>;
  us: number[];
  answers: string[];
}

async function side(root: string): Promise<Side> {
  const at = (p: string) => pathToFileURL(resolve(root, p)).href;
  const { openDb } = (await import(at('db/open-db.ts'))) as typeof import('../../db/open-db');
  const { createStores } = (await import(
    at('server/store/index.ts')
  )) as typeof import('../../server/store/index');
  const { SearchService } = (await import(
    at('server/services/search.service.ts')
  )) as typeof import('../../server/services/search.service');
  const { createSearcher } = (await import(
    at('server/search/searcher.ts')
  )) as typeof import('../../server/search/searcher');
  const { createLogger } = (await import(
    at('server/logging/logger.ts')
  )) as typeof import('../../server/logging/logger');
  const db = openDb(file!);
  const stores = createStores(db);
  const searcher = createSearcher({
    threads: 2,
    db,
    log: createLogger('micro', { level: 'warn' }),
    inProcess: new SearchService(stores.search, stores.messageAccess),
  });
  await searcher.pool?.ready();
  return {
    root,
    run: (userId, req) => searcher.run(userId, req),
    close: async () => {
      await searcher.close();
      db.close();
    },
    us: [],
    answers: [],
  };
}

// New queries every round (the bench's phases search mostly queries not seen before).
let queries: string[] = [];
const sides: Side[] = [];
for (const root of rootList.split(',')) sides.push(await side(root));
// Warm-up: statements, the threads' page caches (a query set of its own, not kept).
const w = rng(7);
for (const s of sides)
  for (let i = 0; i < 100; i++) await s.run(1, { q: drawSearchQuery(w).q, kind });

async function pass(s: Side): Promise<void> {
  let next = 0;
  const answers = new Array<string>(queries.length);
  const c0 = process.threadCpuUsage();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < queries.length) {
        const i = next++;
        answers[i] = await s.run(1 + (i % CALLERS), { q: queries[i]!, kind });
      }
    }),
  );
  const c = process.threadCpuUsage(c0);
  s.us.push((c.user + c.system) / queries.length);
  s.answers = answers;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
for (let round = 0; round < Number(roundsArg); round++) {
  const r = rng(1000 + round);
  queries = Array.from({ length: Number(countArg) }, () => drawSearchQuery(r).q);
  const order = round % 2 ? [...sides].reverse() : sides;
  for (const s of order) await pass(s);
  const first = sides[0]!;
  for (const s of sides.slice(1)) {
    s.answers.forEach((a, i) => {
      if (a !== first.answers[i]) throw new Error(`answers differ for "${queries[i]}"`);
    });
  }
}
for (const s of sides) {
  console.log(
    `${s.root.padEnd(28)} event loop ${s.us.map(fmt).join(' / ')} µs per search (${kind ?? 'all kinds'}, ${queries.length} searches, ${CALLERS} callers)`,
  );
}
for (const s of sides) await s.close();
