-- Hearth forum database: the readable reference for the current schema.
--
-- This file is documentation, never executed by the server: the numbered migrations in
-- db/migrations/ build the real database, and db/schema.test.ts proves that applying them
-- all yields exactly this schema. Change both together (a new migration + this file).
--
-- Conventions: STRICT tables, INTEGER PRIMARY KEY ids (cursors in the API are these ids),
-- content timestamps as ISO-8601 UTC text ('2025-01-31T12:00:00.000Z'), session times as
-- Unix milliseconds (compared on every request). Seed data (the categories) is in 001.

PRAGMA user_version = 19;

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
  locked_at TEXT,
  -- (014) Latest activity: a forum-wide increasing number, set when the post is made and at
  -- each new comment (the triggers at the end); the feed's "Latest activity" order.
  activity INTEGER NOT NULL DEFAULT 0
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

-- Chat messages, each in a conversation (010). A retry of chat.send carries the same client_id:
-- the unique index makes it idempotent per sender. event_id is the event-log row that
-- delivered it (for re-echoes). recipient_id: the other person of a private message, NULL in
-- groups and rooms. Unread is per member: conversation_members.last_read_id.
CREATE TABLE "messages" (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  sender_id INTEGER NOT NULL REFERENCES users (id),
  recipient_id INTEGER REFERENCES users (id),
  body TEXT NOT NULL,
  client_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  event_id INTEGER,
  -- (007) Last edit; a deleted message stays as a placeholder (body emptied).
  edited_at TEXT,
  deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX messages_client ON messages (sender_id, client_id);
-- One conversation's history, newest first; unread counts after a read pointer.
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- What happened that concerns a user (text rendered once, at creation).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('comment_on_post', 'comment_on_thread', 'post_in_category', 'mention', 'reaction_on_post', 'reaction_on_comment', 'reaction_on_message')),
  actor_id INTEGER NOT NULL REFERENCES users (id),
  post_id INTEGER REFERENCES posts (id),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
  -- (007) The comment a comment notification is about (NULL before 007 and for posts).
  comment_id INTEGER REFERENCES comments (id),
  -- (016) The chat message a mention is in (no foreign key: rooms may rebuild messages).
  message_id INTEGER
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
  created_ms INTEGER NOT NULL,
  conversation_id INTEGER
) STRICT;
CREATE INDEX events_recipient_a ON events (recipient_a, id) WHERE recipient_a IS NOT NULL;
CREATE INDEX events_recipient_b ON events (recipient_b, id) WHERE recipient_b IS NOT NULL;

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
-- (016) A deleted message's mention notifications are removed through it.
CREATE INDEX notifications_message ON notifications (message_id) WHERE message_id IS NOT NULL;

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

-- ---- Rooms and conversations (010) ----

-- A conversation: 'direct' (two people, user_lo <= user_hi, made at their first message),
-- 'group' (2-50 people, a name) or 'room' (public, in the directory, a unique name). The
-- default room (is_default) is the one every new user joins. last_message_id orders the
-- sidebar and the roster.
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
CREATE UNIQUE INDEX conversations_room_name ON conversations (name COLLATE NOCASE) WHERE kind = 'room';
CREATE UNIQUE INDEX conversations_default ON conversations (is_default) WHERE is_default = 1;

-- Who is in a conversation, with their read pointer (unread = others' messages after it, not
-- deleted: one row per member however many messages), notification level (NULL: the kind's
-- default, 'mentions' for rooms, 'all' otherwise) and mute.
CREATE TABLE conversation_members (
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  joined_at TEXT NOT NULL,
  last_read_id INTEGER NOT NULL DEFAULT 0,
  notify TEXT CHECK (notify IN ('all', 'mentions', 'none')),
  muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
  -- (019) A private conversation's other person; NULL in groups and rooms.
  peer_id INTEGER,
  PRIMARY KEY (conversation_id, user_id)
) STRICT, WITHOUT ROWID;
-- (019) With peer_id: a user's chat contacts are one covering range.
CREATE INDEX conversation_members_user ON conversation_members (user_id, conversation_id, peer_id);

-- When a user was a member of a group or room, in event ids: events of the conversation with
-- from_event_id < id <= to_event_id (NULL: still a member). A resume replays exactly those.
CREATE TABLE conversation_spans (
  user_id INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL,
  from_event_id INTEGER NOT NULL,
  to_event_id INTEGER,
  PRIMARY KEY (user_id, conversation_id, from_event_id)
) STRICT, WITHOUT ROWID;

-- (010) Events of a group or room (events.conversation_id); broadcasts are the rest.
CREATE INDEX events_conversation ON events (id, conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX events_broadcast ON events (id) WHERE recipient_a IS NULL AND conversation_id IS NULL;

-- ---- Pictures and files (011) ----

-- One row per upload; the bytes are files/<2 hex>/<sha256> in the data folder, shared by
-- every row with that hash and removed with the last one. mime is sniffed from the bytes.
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY,
  uploader_id INTEGER NOT NULL REFERENCES users (id),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  mime TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  width INTEGER,
  height INTEGER,
  created_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX uploads_sha256 ON uploads (sha256);
-- The per-user daily quota sums a user's last 24 hours.
CREATE INDEX uploads_uploader_time ON uploads (uploader_id, created_ms);

-- An upload hangs on at most one post, comment or chat message; reading it follows the item.
CREATE TABLE attachments (
  upload_id INTEGER PRIMARY KEY REFERENCES uploads (id) ON DELETE CASCADE,
  item_kind TEXT NOT NULL CHECK (item_kind IN ('post', 'comment', 'message')),
  item_id INTEGER NOT NULL,
  position INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_item ON attachments (item_kind, item_id, position);

-- A user's avatar: the hash of its square image (sizes are files/avatars/<sha256>-<px>.webp).
CREATE TABLE user_avatars (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  updated_ms INTEGER NOT NULL
) STRICT;

-- ---- Search (012) ----

-- One FTS5 index per kind (external content: the text lives in its row), unicode61 with
-- diacritics folded, prefix indexes for 2 and 3 characters. The triggers keep each in step
-- in the same transaction as every write of the text (create, edit, delete, restore, purge);
-- a deleted item's text is empty, so it leaves the index by itself. Messages also index their
-- conversation ("c<id>", through the view messages_search); the search joins the searcher's
-- membership (server/store/message-access.store.ts, the same rule as canRead).
CREATE VIRTUAL TABLE posts_fts USING fts5(
  title, body, content='posts', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, body ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO posts_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;

CREATE VIRTUAL TABLE comments_fts USING fts5(
  body, content='comments', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');
CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
  INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body ON comments BEGIN
  INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
  INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

-- (018) A private message indexes its two people ("u<lo> u<hi>"), a group or room message its
-- conversation ("c<id>"): the search asks for {people}: (u<me> OR c<room> …), then the join;
-- conversations_shared lists the group and room conversations.
CREATE VIEW messages_search AS
  SELECT m.id, m.body, (SELECT CASE WHEN c.kind = 'direct' THEN 'u' || c.user_lo || ' u' || c.user_hi ELSE 'c' || c.id END
    FROM conversations c WHERE c.id = m.conversation_id) AS people FROM messages m;

CREATE VIRTUAL TABLE messages_fts USING fts5(
  body, people, content='messages_search', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
INSERT INTO messages_fts (messages_fts) VALUES ('optimize');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, body, people) VALUES (new.id, new.body, (SELECT CASE WHEN c.kind = 'direct' THEN 'u' || c.user_lo || ' u' || c.user_hi ELSE 'c' || c.id END
    FROM conversations c WHERE c.id = new.conversation_id));
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body, people) VALUES ('delete', old.id, old.body, (SELECT CASE WHEN c.kind = 'direct' THEN 'u' || c.user_lo || ' u' || c.user_hi ELSE 'c' || c.id END
    FROM conversations c WHERE c.id = old.conversation_id));
  INSERT INTO messages_fts (rowid, body, people) VALUES (new.id, new.body, (SELECT CASE WHEN c.kind = 'direct' THEN 'u' || c.user_lo || ' u' || c.user_hi ELSE 'c' || c.id END
    FROM conversations c WHERE c.id = new.conversation_id));
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body, people) VALUES ('delete', old.id, old.body, (SELECT CASE WHEN c.kind = 'direct' THEN 'u' || c.user_lo || ' u' || c.user_hi ELSE 'c' || c.id END
    FROM conversations c WHERE c.id = old.conversation_id));
END;
CREATE INDEX conversations_shared ON conversations (id) WHERE kind != 'direct';

CREATE VIRTUAL TABLE users_fts USING fts5(
  nickname, first_name, last_name, content='users', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO users_fts (users_fts) VALUES ('rebuild');
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_fts (rowid, nickname, first_name, last_name) VALUES (new.id, new.nickname, new.first_name, new.last_name);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF nickname, first_name, last_name ON users BEGIN
  INSERT INTO users_fts (users_fts, rowid, nickname, first_name, last_name) VALUES ('delete', old.id, old.nickname, old.first_name, old.last_name);
  INSERT INTO users_fts (rowid, nickname, first_name, last_name) VALUES (new.id, new.nickname, new.first_name, new.last_name);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
  INSERT INTO users_fts (users_fts, rowid, nickname, first_name, last_name) VALUES ('delete', old.id, old.nickname, old.first_name, old.last_name);
END;

-- ---- Reactions (013) ----

-- One row per person, item and emoji. The key counts an item's reactions by emoji (and makes
-- a repeated reaction a no-op); reactions_user lists one person's (the feed's "Posts I liked").
CREATE TABLE reactions (
  item_type TEXT NOT NULL CHECK (item_type IN ('post', 'comment', 'message')),
  item_id INTEGER NOT NULL,
  emoji TEXT NOT NULL CHECK (length(emoji) BETWEEN 1 AND 16),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (item_type, item_id, emoji, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX reactions_user ON reactions (user_id, item_type, item_id);

-- ---- Attention (014) ----

-- A user's chosen notification level on a post; no row: the default (see 014-attention.ts).
CREATE TABLE post_levels (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  level TEXT NOT NULL CHECK (level IN ('watching', 'normal', 'muted')),
  PRIMARY KEY (user_id, post_id)
) STRICT, WITHOUT ROWID;
-- Everyone with a level on a post, read when a comment is notified.
CREATE INDEX post_levels_post ON post_levels (post_id, user_id, level);

-- The newest comment id a user had seen when they last opened a post; no row: never opened.
CREATE TABLE post_reads (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  last_comment_id INTEGER NOT NULL,
  read_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, post_id)
) STRICT, WITHOUT ROWID;

-- The feed in latest-activity order (activity is unique per post).
CREATE INDEX posts_activity ON posts (activity);

CREATE TRIGGER posts_activity_insert AFTER INSERT ON posts BEGIN
  UPDATE posts SET activity = (SELECT ifnull(max(activity), 0) + 1 FROM posts) WHERE id = NEW.id;
END;
CREATE TRIGGER posts_activity_comment AFTER INSERT ON comments BEGIN
  UPDATE posts SET activity = (SELECT max(activity) + 1 FROM posts) WHERE id = NEW.post_id;
END;

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
