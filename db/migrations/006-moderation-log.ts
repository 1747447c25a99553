import type { Migration } from '../migrate';

/**
 * The moderation log (issue 10): who did what to what, when, and why. Append only: nothing
 * updates or deletes a row (no route does, and triggers refuse it), so an entry cannot be
 * edited. `detail` is a small JSON object an action may add (a suspension's end, a role's old
 * and new value); it never holds the text of a deleted item (that lives, for 30 days, with the
 * item's revisions). Immutable once released.
 */
export const m006ModerationLog: Migration = {
  version: 6,
  name: 'moderation log',
  up: `
CREATE TABLE moderation_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES users (id),
  action TEXT NOT NULL,
  target_type TEXT NOT NULL CHECK (target_type IN ('post', 'comment', 'message', 'user', 'category', 'forum')),
  target_id INTEGER NOT NULL,
  target_user_id INTEGER REFERENCES users (id),
  reason TEXT,
  detail TEXT
) STRICT;
CREATE INDEX moderation_log_target_user ON moderation_log (target_user_id, id);
CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
  BEGIN SELECT RAISE(ABORT, 'moderation log entries cannot be edited'); END;
CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log
  BEGIN SELECT RAISE(ABORT, 'moderation log entries cannot be deleted'); END;
`,
};
