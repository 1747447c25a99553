import type { Migration } from '../migrate';

/**
 * Pictures and files (issue 12). The bytes live in the data folder, content-addressed by
 * their SHA-256 (`files/ab/abcdef…`), never in SQLite: `uploads` is one row per upload (who,
 * when, the name given, the type sniffed from the bytes), so the same bytes uploaded twice
 * share one file on disk and the file goes when its last row goes. `attachments` hangs an
 * upload on one post, comment or chat message (an upload is attached at most once); access
 * to the file follows that item. `user_avatars` names the square avatar image a user set
 * (its own content hash; its sizes are generated files beside the uploads). Only its own
 * tables: applies whatever order the other issue-12 migrations land in. Immutable once
 * released.
 */
export const m011Files: Migration = {
  version: 11,
  name: 'pictures and files',
  up: `
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
CREATE INDEX uploads_uploader_time ON uploads (uploader_id, created_ms);

CREATE TABLE attachments (
  upload_id INTEGER PRIMARY KEY REFERENCES uploads (id) ON DELETE CASCADE,
  item_kind TEXT NOT NULL CHECK (item_kind IN ('post', 'comment', 'message')),
  item_id INTEGER NOT NULL,
  position INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_item ON attachments (item_kind, item_id, position);

CREATE TABLE user_avatars (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  updated_ms INTEGER NOT NULL
) STRICT;
`,
};
