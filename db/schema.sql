-- Hearth forum database: the readable reference for the current schema.
--
-- This file is documentation, never executed by the server: the numbered migrations in
-- db/migrations/ build the real database, and db/schema.test.ts proves that applying them
-- all yields exactly this schema. Change both together (a new migration + this file).
--
-- Conventions: STRICT tables, INTEGER PRIMARY KEY ids (cursors in the API are these ids),
-- content timestamps as ISO-8601 UTC text ('2025-01-31T12:00:00.000Z'), session times as
-- Unix milliseconds (compared on every request). Seed data (the categories) is in 001.

PRAGMA user_version = 15;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  nickname TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  age INTEGER NOT NULL CHECK (age BETWEEN 13 AND 120),
  gender TEXT NOT NULL CHECK (gender IN ('female', 'male', 'non-binary', 'other', 'prefer-not-to-say')),
  created_at TEXT NOT NULL,
  -- (005) Exactly one owner once the forum is set up; admins, moderators, members.
  role TEXT NOT NULL DEFAULT 'member'
  CHECK (role IN ('owner', 'admin', 'moderator', 'member')),
  -- (008) Suspended: until suspended_until (ISO-8601 UTC), or indefinitely when it is NULL.
  -- A suspension whose end has passed is over; nothing needs to clear it.
  suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
  suspended_until TEXT,
  -- (009) A short plain-text bio the user writes on their profile.
  bio TEXT NOT NULL DEFAULT '' CHECK (length(bio) <= 280)
) STRICT;
-- Unique case-insensitively; also serve login lookups and the directory's order.
CREATE UNIQUE INDEX users_nickname_nocase ON users (nickname COLLATE NOCASE);
CREATE UNIQUE INDEX users_email_nocase ON users (email COLLATE NOCASE);
-- (005) At most one owner; also finds the owner (and whether setup is needed) in one lookup.
CREATE UNIQUE INDEX users_one_owner ON users (role) WHERE role = 'owner';

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE, -- SHA-256 of the cookie token; the token itself is never stored
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expires ON sessions (expires_ms);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- (005) '#rrggbb' or NULL (the UI picks one); the picker's order; archived: hidden from the
  -- picker and filters, its posts kept and reachable.
  color TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX categories_name_nocase ON categories (name COLLATE NOCASE);
-- (005) The categories in their order.
CREATE INDEX categories_position ON categories (position, id);

CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Kept in step with comments in the same transaction, so a page of posts needs no COUNT.
  comment_count INTEGER NOT NULL DEFAULT 0,
  -- (007) Last edit; a deleted post keeps its row (title and body emptied) for a restore.
  edited_at TEXT,
  deleted_at TEXT,
  deleted_by INTEGER REFERENCES users (id),
  -- (008) Pinned (first in the feed, newest pin first) and locked (no new comments), since when.
  pinned_at TEXT,
  locked_at TEXT
) STRICT;
-- (008) The pinned posts, for the top of the feed's first page (few: a partial index).
CREATE INDEX posts_pinned ON posts (pinned_at, id) WHERE pinned_at IS NOT NULL;

CREATE TABLE post_categories (
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES categories (id),
  PRIMARY KEY (post_id, category_id)
) STRICT, WITHOUT ROWID;
-- The feed filtered by category, newest first.
CREATE INDEX post_categories_category ON post_categories (category_id, post_id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- (007) Last edit; a deleted comment stays as a placeholder (body emptied).
  edited_at TEXT,
  deleted_at TEXT,
  deleted_by INTEGER REFERENCES users (id)
) STRICT;
-- A post's comments, oldest first.
CREATE INDEX comments_post ON comments (post_id, id);
-- Who took part in a post's thread (notifications for a new comment), without a sort.
CREATE INDEX comments_post_author ON comments (post_id, author_id);

-- ---- The live layer (002) ----

-- Private messages. A retry of chat.send carries the same client_id: the unique index makes
-- it idempotent per sender. event_id is the event-log row that delivered it (for re-echoes).
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  sender_id INTEGER NOT NULL REFERENCES users (id),
  recipient_id INTEGER NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  client_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  unread INTEGER NOT NULL DEFAULT 1 CHECK (unread IN (0, 1)),
  event_id INTEGER,
  -- (007) Last edit; a deleted message stays as a placeholder (body emptied, read).
  edited_at TEXT,
  deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX messages_client ON messages (sender_id, client_id);
-- One conversation's history, newest first, whichever side sent each message.
CREATE INDEX messages_pair ON messages (min(sender_id, recipient_id), max(sender_id, recipient_id), id);
-- Unread counts: only unread rows are indexed, so counting stays cheap after years of chat.
CREATE INDEX messages_unread ON messages (recipient_id, sender_id) WHERE unread = 1;

-- One row per pair of people who have exchanged messages (user_lo < user_hi): the roster's
-- last message in one lookup, and each person's contacts.
CREATE TABLE chat_threads (
  user_lo INTEGER NOT NULL REFERENCES users (id),
  user_hi INTEGER NOT NULL REFERENCES users (id),
  last_message_id INTEGER NOT NULL,
  PRIMARY KEY (user_lo, user_hi),
  CHECK (user_lo < user_hi)
) STRICT, WITHOUT ROWID;
CREATE INDEX chat_threads_hi ON chat_threads (user_hi, user_lo);

-- What happened that concerns a user (text rendered once, at creation).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('comment_on_post', 'comment_on_thread', 'post_in_category')),
  actor_id INTEGER NOT NULL REFERENCES users (id),
  post_id INTEGER REFERENCES posts (id),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
  -- (007) The comment a comment notification is about (NULL before 007 and for posts).
  comment_id INTEGER REFERENCES comments (id)
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read = 0;

-- The event log: every durable live event (chat.message, notification, post.created,
-- comment.created, user.joined), written in the same transaction as the data it describes.
-- id is the eventId clients resume from. Audience: recipient_a (and recipient_b for a
-- message's two sides), or every user when recipient_a is NULL. payload is the event's JSON.
-- Old rows are pruned (the newest row is always kept, so ids are never reused).
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

-- ---- Forum facts (003) ----

-- Key/value facts about this forum. (005) 'name', 'description', 'signup_open' ('1'/'0') and
-- 'min_age' are the owner's settings (missing: the defaults). 'forum_id': 12 random hex digits made once (at the first
-- start), naming the session cookie `hearth_<forum_id>` so forums sharing a host (browsers do
-- not separate cookies by port) each keep their own. Deleting the row gives a new name at
-- the next start, which signs everyone out.
CREATE TABLE forum_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- ---- Category follows (004) ----

-- Who follows ("watches") which category: a new post in it becomes a `post_in_category`
-- notification for each follower (one per post, however many of its categories they follow;
-- never for its author). The primary key lists a user's follows (GET /api/categories); the
-- index lists a category's followers, read by the single INSERT … SELECT of the fan-out.
CREATE TABLE category_follows (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, category_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX category_follows_category ON category_follows (category_id, user_id);

-- ---- Moderation log (006) ----

-- Who did what to what, when, and why: append only (the triggers refuse UPDATE and DELETE).
-- `action` is e.g. 'post.delete', 'post.pin', 'user.suspend'; `detail` a small JSON object
-- (never the text of a deleted item). The index lists what was done to one person.
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

-- (009) One-time password-reset links an owner or admin makes (there is no e-mail on a LAN):
-- only the token's SHA-256 is stored; valid until `expires_ms` (24 h) unless it ended first
-- (used, replaced by a newer link for the same user, or the password changed). Ended rows
-- stay so the reset page can say why a link no longer works.
CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash BLOB NOT NULL UNIQUE,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  ended_ms INTEGER,
  ended_reason TEXT CHECK (ended_reason IN ('used', 'replaced', 'password_changed')),
  CHECK ((ended_ms IS NULL) = (ended_reason IS NULL))
) STRICT;
CREATE INDEX password_resets_open ON password_resets (user_id) WHERE ended_ms IS NULL;
-- (009) A profile's counts and recent posts.
CREATE INDEX posts_author ON posts (author_id, id);
CREATE INDEX comments_author ON comments (author_id);

-- ---- Edit and delete (007) ----

-- Notifications of a post or comment, removed when it is deleted.
CREATE INDEX notifications_post ON notifications (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX notifications_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;

-- Earlier versions of posts, comments and messages: each edit keeps the version it replaced
-- (reason 'edit'), a delete keeps the last one (reason 'delete'). Moderators read a post's or
-- comment's. Once the item is deleted every revision of it gets purge_at_ms (30 days on), and
-- the purger removes it then; a restore clears it. title and category_ids (JSON) are a post's.
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

-- Invite links (migration 015, issue 14): expiring, use-limited ways in when sign-up is closed.
CREATE TABLE invites (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) = 22),
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER,
  max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
  uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
  revoked_ms INTEGER
) STRICT;
CREATE INDEX invites_recent ON invites (created_ms);
