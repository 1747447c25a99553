-- Hearth forum database: the readable reference for the current schema.
--
-- This file is documentation, never executed by the server: the numbered migrations in
-- db/migrations/ build the real database, and db/schema.test.ts proves that applying them
-- all yields exactly this schema. Change both together (a new migration + this file).
--
-- Conventions: STRICT tables, INTEGER PRIMARY KEY ids (cursors in the API are these ids),
-- content timestamps as ISO-8601 UTC text ('2025-01-31T12:00:00.000Z'), session times as
-- Unix milliseconds (compared on every request). Seed data (the categories) is in 001.

PRAGMA user_version = 1;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  nickname TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  age INTEGER NOT NULL CHECK (age BETWEEN 13 AND 120),
  gender TEXT NOT NULL CHECK (gender IN ('female', 'male', 'non-binary', 'other', 'prefer-not-to-say')),
  created_at TEXT NOT NULL
) STRICT;
-- Unique case-insensitively; also serve login lookups and the directory's order.
CREATE UNIQUE INDEX users_nickname_nocase ON users (nickname COLLATE NOCASE);
CREATE UNIQUE INDEX users_email_nocase ON users (email COLLATE NOCASE);

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
  name TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX categories_name_nocase ON categories (name COLLATE NOCASE);

CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Kept in step with comments in the same transaction, so a page of posts needs no COUNT.
  comment_count INTEGER NOT NULL DEFAULT 0
) STRICT;

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
  created_at TEXT NOT NULL
) STRICT;
-- A post's comments, oldest first.
CREATE INDEX comments_post ON comments (post_id, id);
