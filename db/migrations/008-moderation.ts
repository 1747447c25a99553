import type { Migration } from '../migrate';

/**
 * Moderation (issue 10): a post can be pinned (`pinned_at`: when, so the newest pin comes
 * first) and locked (`locked_at`: no new comments); a person can be suspended (`suspended`
 * 1, until `suspended_until`, or indefinitely when that is NULL). A suspension whose end has
 * passed is over by itself: readers compare `suspended_until` with the clock, nothing has to
 * clear it. Only this migration's own columns, so it applies whatever 007 (edit/delete) and
 * 009 (accounts) add. Immutable once released.
 */
export const m008Moderation: Migration = {
  version: 8,
  name: 'moderation: pin, lock, suspend',
  up: `
ALTER TABLE posts ADD COLUMN pinned_at TEXT;
ALTER TABLE posts ADD COLUMN locked_at TEXT;
CREATE INDEX posts_pinned ON posts (pinned_at, id) WHERE pinned_at IS NOT NULL;
ALTER TABLE users ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1));
ALTER TABLE users ADD COLUMN suspended_until TEXT;
`,
};
