import type { Migration } from '../migrate';

/**
 * Rooms (issue 11): conversations with members and a read pointer per member. Every private
 * message moves into a two-member 'direct' conversation (ids, order, bodies, edits and
 * deletes kept); each person's unread state becomes a pointer (unread = the other side's
 * messages after it, deleted ones aside), taken just before their oldest unread message.
 * `chat_threads` folds into `conversations.last_message_id`; `messages.unread` goes. One
 * default room, "General", holds every existing user.
 *
 * The event log learns a conversation audience: `events.conversation_id` (groups and rooms;
 * a private message keeps its two recipients) and `conversation_spans`, the event-id ranges
 * in which a user was a member, so a resume replays exactly what they could see then. The
 * broadcast index now excludes conversation rows. Immutable once released.
 */
export const m010Rooms: Migration = {
  version: 10,
  name: 'rooms and conversations',
  up: `
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('direct', 'group', 'room')),
  name TEXT,
  topic TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  user_lo INTEGER REFERENCES users (id),
  user_hi INTEGER REFERENCES users (id),
  last_message_id INTEGER,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  CHECK ((kind = 'direct') = (user_lo IS NOT NULL AND user_hi IS NOT NULL)),
  CHECK (user_lo <= user_hi),
  CHECK (kind = 'direct' OR name IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX conversations_direct ON conversations (user_lo, user_hi) WHERE kind = 'direct';
CREATE INDEX conversations_direct_hi ON conversations (user_hi, user_lo) WHERE kind = 'direct';
CREATE UNIQUE INDEX conversations_room_name ON conversations (name COLLATE NOCASE) WHERE kind = 'room';
CREATE UNIQUE INDEX conversations_default ON conversations (is_default) WHERE is_default = 1;

CREATE TABLE conversation_members (
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  joined_at TEXT NOT NULL,
  last_read_id INTEGER NOT NULL DEFAULT 0,
  notify TEXT CHECK (notify IN ('all', 'mentions', 'none')),
  muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
  PRIMARY KEY (conversation_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_members_user ON conversation_members (user_id, conversation_id);

CREATE TABLE conversation_spans (
  user_id INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL,
  from_event_id INTEGER NOT NULL,
  to_event_id INTEGER,
  PRIMARY KEY (user_id, conversation_id, from_event_id)
) STRICT, WITHOUT ROWID;

INSERT INTO conversations (kind, created_at, user_lo, user_hi, last_message_id)
SELECT 'direct', min(created_at), min(sender_id, recipient_id), max(sender_id, recipient_id), max(id)
FROM messages GROUP BY min(sender_id, recipient_id), max(sender_id, recipient_id) ORDER BY max(id);

INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at, last_read_id)
SELECT c.id, p.me, c.created_at, coalesce(
  (SELECT min(m.id) FROM messages m
   WHERE m.recipient_id = p.me AND m.sender_id = p.other AND m.unread = 1) - 1,
  c.last_message_id)
FROM conversations c
JOIN (SELECT id, user_lo AS me, user_hi AS other FROM conversations WHERE kind = 'direct'
      UNION ALL SELECT id, user_hi, user_lo FROM conversations WHERE kind = 'direct') p
  ON p.id = c.id;

CREATE TABLE messages_v10 (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  sender_id INTEGER NOT NULL REFERENCES users (id),
  recipient_id INTEGER REFERENCES users (id),
  body TEXT NOT NULL,
  client_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  event_id INTEGER,
  edited_at TEXT,
  deleted_at TEXT
) STRICT;
INSERT INTO messages_v10 (id, conversation_id, sender_id, recipient_id, body, client_id,
  created_at, event_id, edited_at, deleted_at)
SELECT m.id, c.id, m.sender_id, m.recipient_id, m.body, m.client_id, m.created_at, m.event_id,
  m.edited_at, m.deleted_at
FROM messages m JOIN conversations c ON c.kind = 'direct'
  AND c.user_lo = min(m.sender_id, m.recipient_id) AND c.user_hi = max(m.sender_id, m.recipient_id);
DROP TABLE messages;
ALTER TABLE messages_v10 RENAME TO messages;
CREATE UNIQUE INDEX messages_client ON messages (sender_id, client_id);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
DROP TABLE chat_threads;

ALTER TABLE events ADD COLUMN conversation_id INTEGER;
CREATE INDEX events_conversation ON events (id, conversation_id) WHERE conversation_id IS NOT NULL;
DROP INDEX events_broadcast;
CREATE INDEX events_broadcast ON events (id) WHERE recipient_a IS NULL AND conversation_id IS NULL;

INSERT INTO conversations (kind, name, created_at, is_default)
VALUES ('room', 'General', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 1);
INSERT INTO conversation_members (conversation_id, user_id, joined_at)
SELECT c.id, u.id, c.created_at FROM conversations c, users u WHERE c.is_default = 1;
INSERT INTO conversation_spans (user_id, conversation_id, from_event_id)
SELECT m.user_id, m.conversation_id, coalesce((SELECT max(id) FROM events), 0)
FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id WHERE c.is_default = 1;
`,
};
