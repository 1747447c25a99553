/**
 * Finds the server's statements that SQLite prepares again on every run (bench/README.md,
 * issue 15 fifth pass: a join, DISTINCT or ORDER BY with `column = :param`, whose bound
 * value the planner read, under better-sqlite3's clearing of the bindings after each run).
 * Records every statement the real server prepares (a seeded file, the whole context), then
 * runs each three times with other values, each time in a transaction rolled back. Run it
 * under gdb, which prints each re-prepare with the statement's text (`$r8` is the statement
 * being re-prepared, `$rsi` its SQL):
 *
 *   cat > /tmp/reprepare.gdb <<'G'
 *   set breakpoint pending on
 *   set pagination off
 *   break sqlite3Prepare
 *   commands
 *   silent
 *   if $r8 != 0
 *   printf "REPREP %.150s\n", (char*)$rsi
 *   end
 *   continue
 *   end
 *   run
 *   G
 *   gdb -batch -x /tmp/reprepare.gdb --args node --import tsx bench/support/reprepare-scan.ts \
 *     | sed -n '/^scan start/,/^scan end/p' | grep '^REPREP' | sort | uniq -c | sort -rn
 *
 * A statement listed two or three times re-prepares on every run; once is the first run
 * after the search cache's TEMP triggers changed the schema (harmless).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { inProcessForum } from './bench-server';
import { seedForum } from './seed';

const recorded: { sql: string; stmt: Database.Statement }[] = [];
const prototype = Database.prototype as unknown as {
  prepare(this: Database.Database, sql: string): Database.Statement;
};
const prepare = prototype.prepare;
prototype.prepare = function (this: Database.Database, sql: string) {
  const stmt = prepare.call(this, sql);
  recorded.push({ sql, stmt });
  return stmt;
};

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-reprepare-'));
seedForum(join(dataDir, 'hearth.db'), 50);
const server = await inProcessForum(dataDir);
try {
  const db = server.context.db;
  console.log(`scan start: ${recorded.length} statements`);
  for (const { sql, stmt } of recorded) {
    if (
      /^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|CREATE|DROP|ALTER|ANALYZE|VACUUM)/i.test(
        sql,
      )
    )
      continue;
    const names = [...new Set([...sql.matchAll(/[:@$]([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
    const positional = (sql.match(/\?/g) ?? []).length;
    for (const value of [3, 4, 5]) {
      const args: unknown[] =
        names.length > 0
          ? [Object.fromEntries(names.map((n) => [n, value]))]
          : Array.from({ length: positional }, () => value);
      try {
        db.transaction(() => {
          if (stmt.reader) stmt.all(...args);
          else stmt.run(...args);
          throw new Error('rolled back on purpose');
        })();
      } catch {
        // Rolled back (or refused by a constraint): only the prepares count here.
      }
    }
  }
  console.log('scan end');
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
