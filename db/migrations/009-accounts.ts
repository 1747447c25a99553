import type { Migration } from '../migrate';

/**
 * Accounts and profiles (issue 10): a short bio on each user, and one-time password-reset
 * links an owner or admin makes (there is no e-mail on a LAN). A link's token is stored only
 * as its SHA-256; a row is kept after the link ends (`ended_reason`: used, replaced by a
 * newer link, or the password changed) so the reset page can say why a link no longer
 * works. Indexes on the authors of posts and comments serve a profile's counts and recent
 * posts. Touches only its own column, table and indexes, so it applies whatever the order of
 * the other issue-10 migrations. Immutable once released.
 */
export const m009Accounts: Migration = {
  version: 9,
  name: 'accounts and profiles',
  up: `
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '' CHECK (length(bio) <= 280);

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

CREATE INDEX posts_author ON posts (author_id, id);
CREATE INDEX comments_author ON comments (author_id);
`,
};
