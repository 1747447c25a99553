import type { Migration } from '../migrate';

/**
 * Edit and delete (issue 10). Posts, comments and messages learn when they were last edited
 * and whether (and by whom) they were deleted: a deleted item keeps its row as a placeholder
 * with its text emptied. Earlier versions live in `revisions`: every edit keeps the version it
 * replaced, and a delete keeps the last one; once an item is deleted, all of its revisions are
 * purged 30 days later (`purge_at_ms`), so its text leaves the database for good.
 * Notifications name the comment they are about, so deleting a comment removes them.
 * Only new columns (NULL for every existing row) and a new table: every row of a version-6
 * database stays as it was. Immutable once released.
 */
export const m007EditDelete: Migration = {
  version: 7,
  name: 'edit and delete',
  up: `
ALTER TABLE posts ADD COLUMN edited_at TEXT;
ALTER TABLE posts ADD COLUMN deleted_at TEXT;
ALTER TABLE posts ADD COLUMN deleted_by INTEGER REFERENCES users (id);
ALTER TABLE comments ADD COLUMN edited_at TEXT;
ALTER TABLE comments ADD COLUMN deleted_at TEXT;
ALTER TABLE comments ADD COLUMN deleted_by INTEGER REFERENCES users (id);
ALTER TABLE messages ADD COLUMN edited_at TEXT;
ALTER TABLE messages ADD COLUMN deleted_at TEXT;
ALTER TABLE notifications ADD COLUMN comment_id INTEGER REFERENCES comments (id);
CREATE INDEX notifications_post ON notifications (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX notifications_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY,
  item_type TEXT NOT NULL CHECK (item_type IN ('post', 'comment', 'message')),
  item_id INTEGER NOT NULL,
  title TEXT,
  body TEXT NOT NULL,
  category_ids TEXT,
  written_at TEXT NOT NULL,
  replaced_at TEXT NOT NULL,
  replaced_by INTEGER NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL CHECK (reason IN ('edit', 'delete')),
  purge_at_ms INTEGER
) STRICT;
CREATE INDEX revisions_item ON revisions (item_type, item_id, id);
CREATE INDEX revisions_purge ON revisions (purge_at_ms) WHERE purge_at_ms IS NOT NULL;
`,
};
