import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { openDb, type Db } from './open-db';
import { tempDir } from './test-helpers';

const tmp = tempDir();
afterAll(() => tmp.remove());
const schemaSql = readFileSync(join(import.meta.dirname, 'schema.sql'), 'utf8');

/** SQLite keeps each CREATE statement's text verbatim: drop comments and layout only. */
function normalize(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim();
}

function describeSchema(db: Db) {
  const objects = db
    .prepare(
      `SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master
       WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
    )
    .all() as { type: string; name: string; tableName: string; sql: string | null }[];
  return objects.map((o) => ({ ...o, sql: o.sql === null ? null : normalize(o.sql) }));
}

describe('db/schema.sql', () => {
  it('is exactly what the migrations produce', () => {
    const migrated = openDb(tmp.file('migrated.db'));
    migrate(migrated);
    const reference = openDb(tmp.file('reference.db'));
    reference.exec(schemaSql);

    const fromMigrations = describeSchema(migrated);
    expect(fromMigrations.length).toBeGreaterThan(0);
    expect(fromMigrations).toEqual(describeSchema(reference));
    expect(migrated.pragma('user_version', { simple: true })).toBe(
      reference.pragma('user_version', { simple: true }),
    );
    migrated.close();
    reference.close();
  });

  it('makes every table STRICT', () => {
    const db = openDb(tmp.file('strict.db'));
    migrate(db);
    const tables = db
      .prepare(
        // (012) FTS5's virtual and shadow tables cannot be STRICT: only plain tables count.
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all() as { name: string; strict: number }[];
    expect(tables.length).toBe(24);
    for (const t of tables) expect(t, t.name).toMatchObject({ strict: 1 });
    db.close();
  });
});
