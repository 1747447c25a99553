import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { POSTS_SQL } from './posts.store';

const plan = queryPlanner();

// Pinned posts are few: their queries walk the partial index posts_pinned (only pinned
// rows), in pin order, never the posts table nor a sort.
describe('moderation queries use indexes', () => {
  it.each([
    ['pinned posts', POSTS_SQL.pinned, { limit: 100 }],
    ['pinned posts of a category', POSTS_SQL.pinnedInCategory, { categoryId: 1, limit: 100 }],
  ])('%s', (_name, sql, params) => {
    const p = plan(sql, params);
    expect(p).toMatch(/SEARCH p USING INDEX posts_pinned/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('the feed pages still walk the primary key and the category index', () => {
    expect(plan(POSTS_SQL.page, { before: 9, limit: 20 })).toMatch(
      /SEARCH p USING INTEGER PRIMARY KEY \(rowid<\?\)/,
    );
    expect(plan(POSTS_SQL.pageInCategory, { categoryId: 1, before: 9, limit: 20 })).toMatch(
      /SEARCH pc USING COVERING INDEX post_categories_category \(category_id=\? AND post_id<\?\)/,
    );
  });
});
