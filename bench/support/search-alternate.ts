/**
 * (issue 12) The comparison both search A/B tools make (search-merge-ab.ts: two database
 * files; search-code-ab.ts: two checkouts' code): the same queries alternated between two
 * sides (the order flipped every query), CPU per search from process.cpuUsage, and every
 * answer of the two compared (the same bytes, or it throws).
 */
import { drawSearchQuery, rng } from './search-seed';

export interface SearchSide<K> {
  /** One search as a search thread runs it: each kind's group as JSON. */
  search(userId: number, req: { q: string; kind?: K }): string[];
}

/** Prints, per kind in `kindList` ('all' = every kind), CPU per search before → after. */
export function compareSides<K extends string>(
  sides: { before: SearchSide<K>; after: SearchSide<K> },
  options: { kindList: string; count: number; seed: number; isKind: (name: string) => boolean },
): void {
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  for (const kindName of options.kindList.split(',')) {
    if (kindName !== 'all' && !options.isKind(kindName)) throw new Error(`no kind ${kindName}`);
    const kind = kindName === 'all' ? undefined : (kindName as K);
    const r = rng(options.seed);
    const queries = Array.from({ length: options.count }, () => drawSearchQuery(r).q);
    const us = { before: 0, after: 0 };
    // Warm-up: the page cache and the prepared statements.
    for (const s of Object.values(sides))
      for (const q of queries.slice(0, 50)) s.search(1, { q, kind });
    queries.forEach((q, i) => {
      const userId = 1 + (i % 20);
      const order = i % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const);
      const answers: Record<string, string> = {};
      for (const name of order) {
        const c0 = process.cpuUsage();
        answers[name] = sides[name].search(userId, { q, kind }).join('\n');
        const c = process.cpuUsage(c0);
        us[name] += c.user + c.system;
      }
      if (answers.before !== answers.after) throw new Error(`different answers for "${q}"`);
    });
    const b = us.before / queries.length;
    const a = us.after / queries.length;
    console.log(
      `${kindName}: ${fmt(b)} → ${fmt(a)} µs CPU per search (${((a / b - 1) * 100).toFixed(0)} %), ` +
        `${queries.length} of ${queries.length} answers identical`,
    );
  }
}
