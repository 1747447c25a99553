import type { Migration } from '../migrate';

/** Accounts, sessions, categories (seeded), posts and comments. Immutable once released. */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up: `
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
CREATE UNIQUE INDEX users_nickname_nocase ON users (nickname COLLATE NOCASE);
CREATE UNIQUE INDEX users_email_nocase ON users (email COLLATE NOCASE);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
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
  comment_count INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE post_categories (
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES categories (id),
  PRIMARY KEY (post_id, category_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_categories_category ON post_categories (category_id, post_id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX comments_post ON comments (post_id, id);

INSERT INTO categories (id, name) VALUES
  (1, 'General'),
  (2, 'Sport'),
  (3, 'Music'),
  (4, 'Movies'),
  (5, 'Science'),
  (6, 'Politics'),
  (7, 'Culture'),
  (8, 'Technology');
`,
};
