import type { Migration } from '../migrate';

/**
 * Following a category ("Watching" in Discourse): a new post in it notifies the follower.
 * The primary key answers "what do I follow" (GET /api/categories); the second index answers
 * "who follows these categories", the fan-out when a post is created. Immutable once released.
 */
export const m004CategoryFollows: Migration = {
  version: 4,
  name: 'category follows',
  up: `
CREATE TABLE category_follows (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, category_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX category_follows_category ON category_follows (category_id, user_id);
`,
};
