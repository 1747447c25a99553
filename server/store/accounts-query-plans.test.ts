import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { PROFILES_SQL } from './profiles.store';
import { SESSIONS_SQL } from './sessions.store';

const plan = queryPlanner();

// A profile's counts and newest posts walk the author indexes of migration 009, so opening
// a profile costs the same on a forum of 100 posts or 1,000,000.
describe('profile and session queries use indexes', () => {
  it.each([
    ['post count', PROFILES_SQL.postCount, { userId: 1 }, /INDEX posts_author \(author_id=\?\)/],
    [
      'comment count',
      PROFILES_SQL.commentCount,
      { userId: 1 },
      /INDEX comments_author \(author_id=\?\)/,
    ],
    [
      'newest posts',
      PROFILES_SQL.recentPostIds,
      { userId: 1, limit: 5 },
      /INDEX posts_author \(author_id=\?\)/,
    ],
    [
      'a user’s sessions',
      SESSIONS_SQL.removeAllOf,
      { userId: 1, keep: 0 },
      /INDEX sessions_user \(user_id=\?\)/,
    ],
  ])('%s', (_name, sql, params, expected) => {
    const p = plan(sql, params);
    expect(p).toMatch(expected);
    expect(p).not.toMatch(/SCAN (posts|comments|sessions)\b|TEMP B-TREE/);
  });
});
