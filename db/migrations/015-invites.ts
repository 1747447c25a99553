import type { Migration } from '../migrate';

/**
 * Invite links (issue 14): an owner or admin makes a link that expires and has a use limit;
 * with sign-up closed only such a link lets a new person sign up. The code is kept as it is
 * (not hashed), because admins copy a link again from the list; it is only a way in to a
 * sign-up form, never a session. Touches only its own table, so it applies whatever the
 * order of the other issue 11–14 migrations. Immutable once released.
 */
export const m015Invites: Migration = {
  version: 15,
  name: 'invites',
  up: `
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
`,
};
