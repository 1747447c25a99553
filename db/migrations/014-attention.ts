import type { Migration } from '../migrate';

/**
 * Attention (issue 13): per-post notification levels, per-user read pointers on posts, and
 * the latest-activity order of the feed. Touches only its own tables, one new column on
 * `posts` and triggers of its own, so it applies whatever the order of the other migrations
 * of this round. Immutable once released.
 *
 * - `post_levels`: a user's chosen level on a post ('watching': every comment; 'normal':
 *   replies to their post or thread, mentions; 'muted': nothing). No row: the default
 *   (normal for the author and commenters, nothing for anyone else).
 * - `post_reads`: the newest comment id a user had seen when they last opened a post
 *   (0: opened before any comment). No row: never opened ("new"). Written coalesced.
 * - `posts.activity`: a forum-wide increasing number, taken when the post is made and again
 *   at each new comment (triggers, so every path that writes a post or comment keeps it),
 *   unique per post: the feed's latest-activity order and its paging cursor. Existing posts
 *   get 1..N in the order of their latest activity (newest comment, else creation).
 */
export const m014Attention: Migration = {
  version: 14,
  name: 'attention: post levels, post reads, latest activity',
  up: `
CREATE TABLE post_levels (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  level TEXT NOT NULL CHECK (level IN ('watching', 'normal', 'muted')),
  PRIMARY KEY (user_id, post_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_levels_post ON post_levels (post_id, user_id, level);

CREATE TABLE post_reads (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  last_comment_id INTEGER NOT NULL,
  read_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, post_id)
) STRICT, WITHOUT ROWID;

ALTER TABLE posts ADD COLUMN activity INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET activity = ranked.n FROM (
  SELECT p.id, row_number() OVER (
    ORDER BY max(p.created_at, ifnull((SELECT max(c.created_at) FROM comments c WHERE c.post_id = p.id), '')), p.id
  ) AS n FROM posts p
) AS ranked WHERE posts.id = ranked.id;
CREATE INDEX posts_activity ON posts (activity);

CREATE TRIGGER posts_activity_insert AFTER INSERT ON posts BEGIN
  UPDATE posts SET activity = (SELECT ifnull(max(activity), 0) + 1 FROM posts) WHERE id = NEW.id;
END;
CREATE TRIGGER posts_activity_comment AFTER INSERT ON comments BEGIN
  UPDATE posts SET activity = (SELECT max(activity) + 1 FROM posts) WHERE id = NEW.post_id;
END;
`,
};
