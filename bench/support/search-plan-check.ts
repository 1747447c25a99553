/**
 * (issue 12) Every message plan against the exact one, at full size: the bench's queries
 * (drawn as bench/search.ts draws them), each for a few searchers, a page of 20 and the
 * all-kinds group of 5, and two pages further; the default message search (narrowed,
 * checked and narrowed-checked plans as its probes choose) must give exactly what the exact
 * plan alone gives: the same items, order, highlights and snippets. Also the CPU of each.
 * Usage: node --import tsx bench/support/search-plan-check.ts <db file> [queries=600]
 */
import { openDb } from '../../db/open-db';
import { toSearchQuery } from '../../server/services/search-query';
import { createMessageSearch } from '../../server/store/message-search.store';
import { drawSearchQuery, rng } from './search-seed';

const [file, count = '600'] = process.argv.slice(2);
if (!file) throw new Error('usage: search-plan-check.ts <db file> [queries]');
const db = openDb(file, { readonly: true });
db.pragma('mmap_size = 0');
const chosen = createMessageSearch(db);
const exact = createMessageSearch(db, { narrow: () => false, common: () => ({ count: 0, of: 1 }) });
const r = rng(4242);
const queries = Array.from({ length: Number(count) }, () => drawSearchQuery(r));
let groups = 0;
let chosenUs = 0;
let exactUs = 0;
const timed = (f: () => string): [string, number] => {
  const c0 = process.cpuUsage();
  const out = f();
  const c = process.cpuUsage(c0);
  return [out, c.user + c.system];
};
for (const [i, { q, cls }] of queries.entries()) {
  const query = toSearchQuery(q);
  if (!query) continue;
  for (const userId of [1 + (i % 20), 21 + (i % 20)]) {
    for (const limit of [6, 21]) {
      let before = Number.MAX_SAFE_INTEGER;
      for (let page = 0; page < 3; page++) {
        const p = { match: query.match, narrow: query.narrow, before, limit };
        const [a, ua] = timed(() => JSON.stringify(exact(userId, p)));
        const [b, ub] = timed(() => JSON.stringify(chosen(userId, p)));
        exactUs += ua;
        chosenUs += ub;
        if (a !== b) throw new Error(`"${q}" (${cls}) user ${userId} page ${page}: ${b} ≠ ${a}`);
        groups++;
        const items = JSON.parse(a) as { id: number }[];
        if (items.length < limit) break;
        before = items.at(-1)!.id;
      }
    }
  }
}
console.log(
  `${groups} of ${groups} message groups the same as the exact plan's; CPU ` +
    `${(chosenUs / groups).toFixed(0)} µs a group (the exact plan ${(exactUs / groups).toFixed(0)})`,
);
