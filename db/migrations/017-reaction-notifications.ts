import type { Database } from 'better-sqlite3';
import type { Migration } from '../migrate';

const KIND_CHECK = /CHECK \(kind IN \(([^)]*)\)\)/;
const ADDED = ['reaction_on_post', 'reaction_on_comment', 'reaction_on_message'];

/**
 * Grouped reaction notifications (issue 12): "ana and 3 others reacted to your post". Three
 * notification kinds, one per item type, so a row groups one item's reactions.
 *
 * SQLite cannot alter a CHECK, so the table is rebuilt as 016 did it: the new CREATE is the
 * current one read from sqlite_master with the kinds appended (columns and kinds another
 * migration added are kept, whatever the landing order), its indexes re-created from their
 * stored SQL, every row copied with its id. No foreign key points at notifications.
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

  db.exec('ALTER TABLE notifications RENAME TO notifications_before_017');
  db.exec(
    tableSql.replace(KIND_CHECK, (_, kinds: string) => {
      const add = ADDED.filter((k) => !kinds.includes(`'${k}'`)).map((k) => `'${k}'`);
      return `CHECK (kind IN (${[kinds, ...add].join(', ')}))`;
    }),
  );
  db.exec(`INSERT INTO notifications (${columns}) SELECT ${columns} FROM notifications_before_017`);
  db.exec('DROP TABLE notifications_before_017');
  for (const sql of indexSql) db.exec(sql);

  const copied = db.prepare<[], number>('SELECT COUNT(*) FROM notifications').pluck().get();
  if (copied !== rows) throw new Error(`notifications: ${rows} rows before, ${copied} after`);
}

export const m017ReactionNotifications: Migration = {
  version: 17,
  name: 'reaction-notifications',
  up,
};
