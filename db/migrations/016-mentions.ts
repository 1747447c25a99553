import type { Database } from 'better-sqlite3';
import type { Migration } from '../migrate';

const KIND_CHECK = /CHECK \(kind IN \(([^)]*)\)\)/;

/**
 * @mentions (issue 12): the `mention` notification kind, and `message_id` for a mention in a
 * chat message (a mention in a post or comment names them in post_id / comment_id).
 *
 * SQLite cannot alter a CHECK, so the table is rebuilt (the documented 12-step way, inside
 * migrate()'s transaction): the new table's CREATE is the current one read from sqlite_master
 * with `'mention'` appended to the kind list, so columns another migration of this round may
 * have added are kept, as are its indexes (re-created from their stored SQL). Every row is
 * copied with its id. No foreign key points at notifications, so nothing else changes.
 * message_id has no foreign key: the rooms branch owns and may rebuild `messages`; a deleted
 * message's notifications are removed by the redaction store instead.
 */
function up(db: Database): void {
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

  db.exec('ALTER TABLE notifications RENAME TO notifications_before_016');
  db.exec(
    tableSql.replace(KIND_CHECK, (_, kinds: string) => `CHECK (kind IN (${kinds}, 'mention'))`),
  );
  db.exec(`INSERT INTO notifications (${columns}) SELECT ${columns} FROM notifications_before_016`);
  db.exec('DROP TABLE notifications_before_016');
  for (const sql of indexSql) db.exec(sql);

  const copied = db.prepare<[], number>('SELECT COUNT(*) FROM notifications').pluck().get();
  if (copied !== rows) throw new Error(`notifications: ${rows} rows before, ${copied} after`);

  db.exec(`
ALTER TABLE notifications ADD COLUMN message_id INTEGER;
CREATE INDEX notifications_message ON notifications (message_id) WHERE message_id IS NOT NULL;
`);
}

export const m016Mentions: Migration = { version: 16, name: 'mentions', up };
