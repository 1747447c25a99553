import type { Migration } from '../migrate';

/**
 * Reactions (issue 12): one row per person, item and emoji (a post, a comment or a chat
 * message). The primary key counts an item's reactions by emoji and makes a repeated
 * reaction a no-op; `reactions_user` lists what one person reacted to (the feed's "Posts I
 * liked", newest post first). Touches only its own table. Immutable once released.
 */
export const m013Reactions: Migration = {
  version: 13,
  name: 'reactions',
  up: `
CREATE TABLE reactions (
  item_type TEXT NOT NULL CHECK (item_type IN ('post', 'comment', 'message')),
  item_id INTEGER NOT NULL,
  emoji TEXT NOT NULL CHECK (length(emoji) BETWEEN 1 AND 16),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (item_type, item_id, emoji, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX reactions_user ON reactions (user_id, item_type, item_id);
`,
};
