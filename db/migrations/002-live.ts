import type { Migration } from '../migrate';

/**
 * The live layer: private messages (with their conversations), notifications, and the event
 * log that lets a reconnecting client replay exactly what it missed. Immutable once released.
 */
export const m002Live: Migration = {
  version: 2,
  name: 'live',
  up: `
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  sender_id INTEGER NOT NULL REFERENCES users (id),
  recipient_id INTEGER NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  client_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  unread INTEGER NOT NULL DEFAULT 1 CHECK (unread IN (0, 1)),
  event_id INTEGER
) STRICT;
CREATE UNIQUE INDEX messages_client ON messages (sender_id, client_id);
CREATE INDEX messages_pair ON messages (min(sender_id, recipient_id), max(sender_id, recipient_id), id);
CREATE INDEX messages_unread ON messages (recipient_id, sender_id) WHERE unread = 1;

CREATE TABLE chat_threads (
  user_lo INTEGER NOT NULL REFERENCES users (id),
  user_hi INTEGER NOT NULL REFERENCES users (id),
  last_message_id INTEGER NOT NULL,
  PRIMARY KEY (user_lo, user_hi),
  CHECK (user_lo < user_hi)
) STRICT, WITHOUT ROWID;
CREATE INDEX chat_threads_hi ON chat_threads (user_hi, user_lo);

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('comment_on_post', 'comment_on_thread', 'post_in_category')),
  actor_id INTEGER NOT NULL REFERENCES users (id),
  post_id INTEGER REFERENCES posts (id),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read = 0;

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  recipient_a INTEGER,
  recipient_b INTEGER,
  created_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX events_recipient_a ON events (recipient_a, id) WHERE recipient_a IS NOT NULL;
CREATE INDEX events_recipient_b ON events (recipient_b, id) WHERE recipient_b IS NOT NULL;
CREATE INDEX events_broadcast ON events (id) WHERE recipient_a IS NULL;

CREATE INDEX comments_post_author ON comments (post_id, author_id);
`,
};
