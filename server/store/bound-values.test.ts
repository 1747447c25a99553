import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/open-db';

/**
 * The rule of db/README.md "Bound values": in a condition, a LIMIT or an OFFSET, a bound
 * value is written `+:name` (or `+?`). SQLite re-prepares a statement before its next run
 * when the planner looked at one of its bound values (to estimate an equality's rows, to
 * size a LIMIT, to read a LIKE pattern) and the binding then changed; better-sqlite3 clears
 * every binding after each run, so such a statement was compiled again on every run. The
 * unary plus hides the value from the planner and nothing else: the index is still searched
 * (the *-query-plans tests) and the comparison is the same.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SOURCES = ['server', 'db'];

/** A bound value right after a comparison, IS [NOT], LIMIT or OFFSET, without the plus. */
const BARE =
  /((?<![=!<>])(?:==|=|<=|>=|<>|!=|<|>)|\bIS NOT\b|\bIS\b|\bLIMIT\b|\bOFFSET\b)\s*(:[A-Za-z_]\w*|\?(?=[\s,)`'"]|$))/g;
const CLAUSE =
  /\b(SET|WHERE|ON|AND|OR|WHEN|HAVING|JOIN|SELECT|CASE|LIMIT|OFFSET|VALUES|THEN|ELSE|BY)\b/g;

/** Every bare bound value in `text` outside an UPDATE's SET list (an assignment, not a condition). */
export function bareBoundValues(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(BARE)) {
    const op = m[1]!;
    if (op === '=' || op === '==') {
      const before = text.slice(Math.max(0, m.index - 400), m.index);
      if ([...before.matchAll(CLAUSE)].at(-1)?.[1] === 'SET') continue;
      if (!/[\w.)\]]\s*$/.test(before)) continue;
    }
    const line = text.slice(0, m.index).split('\n').length;
    found.push(`${line}: ${m[0]}`);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('bound values are hidden from the planner', () => {
  it('finds a bare bound value in a condition and a LIMIT, not in a SET list', () => {
    expect(
      bareBoundValues(
        `UPDATE t SET a = :a, b = ? WHERE id = :id AND n > +:n
         SELECT x FROM t WHERE y = ? ORDER BY x LIMIT :limit OFFSET +:skip`,
      ),
    ).toEqual(['1: = :id', '2: = ?', '2: LIMIT :limit']);
  });

  it('holds in every statement of the server and db code (migrations run once: not counted)', () => {
    const bare = SOURCES.flatMap((dir) =>
      sourceFiles(join(ROOT, dir)).flatMap((file) =>
        bareBoundValues(readFileSync(file, 'utf8')).map((hit) => `${relative(ROOT, file)}:${hit}`),
      ),
    );
    expect(bare).toEqual([]);
  });

  it('keeps what a statement finds: the plus changes neither the comparison nor the collation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-plus-'));
    const db: Db = openDb(join(dir, 'plus.db'));
    try {
      db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE, k INTEGER);
               CREATE INDEX t_name ON t (name);
               INSERT INTO t (name, k) VALUES ('Mira', 10), ('ana', 9), ('Zoe', 2)`);
      const both = (sql: string, params: Record<string, unknown>) => [
        db.prepare(sql.replaceAll('+:', ':')).all(params),
        db.prepare(sql).all(params),
      ];
      for (const [bare, plus] of [
        both('SELECT id FROM t WHERE name = +:name', { name: 'MIRA' }),
        both('SELECT id FROM t WHERE k = +:k', { k: '10' }),
        both('SELECT id FROM t WHERE k > +:k ORDER BY id LIMIT +:limit', { k: '5', limit: 1 }),
        both('SELECT id FROM t WHERE name >= +:name ORDER BY name LIMIT +:limit', {
          name: 'b',
          limit: 5,
        }),
      ]) {
        expect(plus).toEqual(bare);
        expect(plus!.length).toBeGreaterThan(0);
      }
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
