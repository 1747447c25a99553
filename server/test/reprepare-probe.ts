import type { Db } from '../../db/open-db';

/**
 * How many of `runs` runs of `sql` SQLite prepared again (0: none), counted, not timed.
 *
 * With SQLite 3.54, when the planner looks at a bound value (a STAT4 probe, a partial index's
 * WHERE, a LIKE pattern, a small LIMIT), it marks the statement to be prepared again whenever
 * that parameter is bound anew, and better-sqlite3 clears the bindings after every run: such a
 * statement is compiled again on every run (tens of µs). better-sqlite3 builds a new row
 * function (`Function(...)`) for a statement's object rows after each re-prepare, and only
 * then: running `EXPLAIN <sql>` (the same plan, rows whatever the statement) while counting
 * those calls counts the re-prepares. A control statement known to be re-prepared checks
 * that the count still works (a newer better-sqlite3 could build rows otherwise).
 */
export function repreparedRuns(db: Db, sql: string, args: readonly unknown[], runs = 3): number {
  const control = countRebuilds(
    db,
    'SELECT name FROM sqlite_schema WHERE name LIKE :p',
    [{ p: 'x%' }],
    2,
  );
  if (control !== 2) {
    throw new Error(`the re-prepare probe no longer sees re-prepares (control: ${control} of 2)`);
  }
  return countRebuilds(db, sql, args, runs);
}

function countRebuilds(db: Db, sql: string, args: readonly unknown[], runs: number): number {
  const stmt = db.prepare(`EXPLAIN ${sql}`);
  stmt.all(...args); // the first run builds the row function once in any case
  const original = globalThis.Function;
  let built = 0;
  globalThis.Function = new Proxy(original, {
    apply(target, self, fnArgs: string[]) {
      built++;
      return Reflect.apply(target, self, fnArgs) as unknown;
    },
  });
  try {
    for (let i = 0; i < runs; i++) stmt.all(...args);
  } finally {
    globalThis.Function = original;
  }
  return built;
}
