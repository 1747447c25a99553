import type { Database } from 'better-sqlite3';

const KIND_CHECK = /CHECK \(kind IN \(([^)]*)\)\)/;

/**
 * Adds notification kinds (migrations 016 and 017). SQLite cannot alter a CHECK, so the
 * table is rebuilt (the documented 12-step way, inside migrate()'s transaction): the new
 * table's CREATE is the current one read from sqlite_master with the kinds appended (those
 * already there are not added twice), so columns and kinds another migration added are kept,
 * as are the indexes (re-created from their stored SQL). Every row is copied with its id and
 * counted. No foreign key points at notifications, so nothing else changes.
 */
export function addNotificationKinds(db: Database, added: readonly string[], tag: string): void {
  const tableSql = db
    .prepare<[], string>(
      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'notifications'",
    )
    .pluck()
    .get();
  if (tableSql === undefined || !KIND_CHECK.test(tableSql)) {
    throw new Error('notifications has no kind CHECK to extend');
  }
  const indexSql = db
    .prepare<[], string>(
      "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notifications' AND sql IS NOT NULL",
    )
    .pluck()
    .all();
  const columns = db
    .prepare<[], string>("SELECT name FROM pragma_table_info('notifications')")
    .pluck()
    .all()
    .map((c) => `"${c.replaceAll('"', '""')}"`)
    .join(', ');
  const rows = db.prepare<[], number>('SELECT COUNT(*) FROM notifications').pluck().get();

  const old = `notifications_before_${tag}`;
  db.exec(`ALTER TABLE notifications RENAME TO ${old}`);
  db.exec(
    tableSql.replace(KIND_CHECK, (_, kinds: string) => {
      const add = added.filter((k) => !kinds.includes(`'${k}'`)).map((k) => `'${k}'`);
      return `CHECK (kind IN (${[kinds, ...add].join(', ')}))`;
    }),
  );
  db.exec(`INSERT INTO notifications (${columns}) SELECT ${columns} FROM ${old}`);
  db.exec(`DROP TABLE ${old}`);
  for (const sql of indexSql) db.exec(sql);

  const copied = db.prepare<[], number>('SELECT COUNT(*) FROM notifications').pluck().get();
  if (copied !== rows) throw new Error(`notifications: ${rows} rows before, ${copied} after`);
}
