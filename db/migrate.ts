import type { Database } from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index';

export interface Migration {
  /** 1, 2, 3…: the `user_version` the database has once this migration ran. */
  version: number;
  name: string;
  /** SQL run with `exec`, or a function for changes that need code (data rewrites). */
  up: string | ((db: Database) => void);
}

/** The database was written by a newer Hearth: opening it could corrupt data it relies on. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database ${file} has schema version ${found}, but this version of Hearth only ` +
        `understands up to version ${supported}. It was written by a newer Hearth: update ` +
        `Hearth, or use another data folder (--data-dir).`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class MigrationError extends Error {
  constructor(migration: Migration, file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Migration ${migration.version} (${migration.name}) failed on ${file}: ${reason}. ` +
        `Nothing was changed.`,
      { cause },
    );
    this.name = 'MigrationError';
  }
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: number[];
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Migration list is out of order: position ${i + 1} holds version ${m.version} (${m.name}).`,
      );
    }
  });
}

/**
 * Brings the database up to the newest migration. All pending migrations and the new
 * `user_version` commit in one transaction: a failure leaves the file exactly as it was.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrateResult {
  assertWellFormed(migrations);
  const latest = latestVersion(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new DatabaseTooNewError(db.name, current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return { from: current, to: current, applied: [] };

  db.transaction(() => {
    for (const m of pending) {
      try {
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
      } catch (err) {
        throw new MigrationError(m, db.name, err);
      }
    }
    // PRAGMA takes no bound parameters; `latest` is an integer we computed.
    db.pragma(`user_version = ${latest}`);
  })();
  return { from: current, to: latest, applied: pending.map((m) => m.version) };
}
