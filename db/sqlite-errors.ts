/**
 * What a SQLite error means, decided here only: services and the live layer ask these
 * questions instead of reading `err.code` themselves (better-sqlite3 puts the extended
 * result code, such as `SQLITE_CONSTRAINT_UNIQUE`, on `SqliteError.code`).
 */

/** The extended result code of a SQLite error, or '' for anything else. */
export function sqliteCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
}

/**
 * Another connection holds the lock (SQLITE_BUSY and its extended codes): nothing was
 * written, and the same write can succeed later.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_');
}

/** Any constraint failed (unique, foreign key, check, not null): this write can never succeed as it is. */
export function isConstraintViolation(err: unknown): boolean {
  return sqliteCode(err).startsWith('SQLITE_CONSTRAINT');
}

/** A row it refers to is missing (a recipient deleted by hand meanwhile). */
export function isForeignKeyViolation(err: unknown): boolean {
  return sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A unique index refused it (or the primary key): the value is taken. */
export function isUniqueViolation(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
