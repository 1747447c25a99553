import type { Database } from 'better-sqlite3';
import type { Migration } from '../migrate';
import { addNotificationKinds } from './notification-kinds';

/**
 * @mentions (issue 12): the `mention` notification kind, and `message_id` for a mention in a
 * chat message (a mention in a post or comment names them in post_id / comment_id).
 *
 * SQLite cannot alter a CHECK: the table is rebuilt with `'mention'` added to the kinds
 * (notification-kinds.ts keeps every column, index and row).
 * message_id has no foreign key: the rooms branch owns and may rebuild `messages`; a deleted
 * message's notifications are removed by the redaction store instead.
 */
function up(db: Database): void {
  addNotificationKinds(db, ['mention'], '016');

  db.exec(`
ALTER TABLE notifications ADD COLUMN message_id INTEGER;
CREATE INDEX notifications_message ON notifications (message_id) WHERE message_id IS NOT NULL;
`);
}

export const m016Mentions: Migration = { version: 16, name: 'mentions', up };
