import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { CATEGORIES_SQL } from './categories.store';
import { COMMENTS_SQL } from './comments.store';
import { POSTS_SQL } from './posts.store';
import { SESSIONS_SQL } from './sessions.store';
import { USERS_SQL } from './users.store';

const plan = queryPlanner();

// The stores' own statements: every list query walks an index in order (no scan of a big
// table, no sort step), so pages cost the same at 100 or 1,000,000 rows.
describe('list queries use indexes', () => {
  it.each([
    [
      'feed (and each post’s categories)',
      POSTS_SQL.page,
      { before: 100, limit: 20 },
      /SEARCH p USING INTEGER PRIMARY KEY \(rowid<\?\)[^]*SEARCH pc2 USING PRIMARY KEY \(post_id=\?\)/,
    ],
    [
      'feed by category',
      POSTS_SQL.pageInCategory,
      { categoryId: 1, before: 100, limit: 20 },
      /SEARCH pc USING COVERING INDEX post_categories_category \(category_id=\? AND post_id<\?\)/,
    ],
    [
      'one post',
      POSTS_SQL.byId,
      { id: 1 },
      /SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)[^]*SEARCH pc2 USING PRIMARY KEY \(post_id=\?\)/,
    ],
    [
      'comments of a post',
      COMMENTS_SQL.page,
      { postId: 1, after: 0, limit: 20 },
      /SEARCH c USING INDEX comments_post \(post_id=\? AND id>\?\)/,
    ],
    ['user directory', USERS_SQL.directory, { exceptId: 1 }, /users_nickname_nocase/],
    [
      'login by nickname',
      USERS_SQL.byNickname,
      { nickname: 'x' },
      /USING INDEX users_nickname_nocase \(nickname=\?\)/,
    ],
    [
      'login by e-mail',
      USERS_SQL.byEmail,
      { email: 'a@b.c' },
      /USING INDEX users_email_nocase \(email=\?\)/,
    ],
    [
      'session lookup',
      SESSIONS_SQL.byTokenHash,
      { tokenHash: Buffer.alloc(32) },
      /SEARCH s USING INDEX sqlite_autoindex_sessions_1 \(token_hash=\?\)/,
    ],
    [
      'session lookup of several cookie values at once',
      SESSIONS_SQL.byTokenHashes,
      { hexHashes: JSON.stringify(['00'.repeat(32), '11'.repeat(32)]) },
      /SEARCH s USING INDEX sqlite_autoindex_sessions_1 \(token_hash=\?\)/,
    ],
    [
      'the owner (is setup needed?)',
      USERS_SQL.owner,
      {},
      /SEARCH users USING INDEX users_one_owner/,
    ],
    [
      'categories in order (picker)',
      CATEGORIES_SQL.active,
      {},
      /SCAN categories USING INDEX categories_position/,
    ],
    [
      "a category's post count (delete only when empty)",
      CATEGORIES_SQL.postCount,
      { id: 1 },
      /SEARCH post_categories USING COVERING INDEX post_categories_category \(category_id=\?\)/,
    ],
    [
      'expired sessions',
      SESSIONS_SQL.removeExpired,
      { now: 1 },
      /sessions_expires \(expires_ms<\?\)/,
    ],
  ])('%s', (_name, sql, params, expected) => {
    const p = plan(sql, params);
    expect(p).toMatch(expected);
    expect(p).not.toMatch(/TEMP B-TREE/);
    expect(p).not.toMatch(/^SCAN (p|pc|c|comments|posts|post_categories)\b/m);
  });
});
