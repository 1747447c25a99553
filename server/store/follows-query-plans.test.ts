import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { EVENTS_SQL } from './events.store';
import { FOLLOWS_SQL } from './follows.store';
import { NOTIFICATIONS_SQL } from './notifications.store';

const plan = queryPlanner();

// Following categories: a user's follows and a post's fan-out read only what they need, so a
// post costs the same whether the forum has 10 or 100,000 follow rows, and a category with
// thousands of followers costs two statements, not one per follower.
describe('category-follow queries use indexes', () => {
  it('a user’s follows come from the primary key', () => {
    const p = plan(FOLLOWS_SQL.followedBy, { userId: 1 });
    expect(p).toMatch(/SEARCH category_follows USING PRIMARY KEY \(user_id=\?\)/);
    expect(p).not.toMatch(/SCAN category_follows|TEMP B-TREE/);
  });

  it('the fan-out reads the followers of the post’s categories from their index', () => {
    const p = plan(NOTIFICATIONS_SQL.insertForFollowers, {
      actorId: 1,
      postId: 1,
      categoryIds: '[2,3]',
      text: 't',
      createdAt: 'c',
    });
    expect(p).toMatch(
      /SEARCH category_follows USING COVERING INDEX category_follows_category \(category_id=\?\)/,
    );
    // The only temp b-tree allowed: the DISTINCT that gives a follower of two of the post's
    // categories one notification. It holds this post's followers, which the statement
    // writes a row for anyway; it never sorts a whole table.
    expect(p.match(/TEMP B-TREE/g) ?? []).toHaveLength(1);
    expect(p).toMatch(/USE TEMP B-TREE FOR DISTINCT/);
    expect(p).not.toMatch(/SCAN (category_follows|users|notifications)\b/);
  });

  it('the fan-out’s events read the new notifications by rowid range', () => {
    const p = plan(EVENTS_SQL.appendNotifications, {
      afterId: 10,
      sharedJsonTail: '"kind":"post_in_category"}',
      createdMs: 0,
    });
    expect(p).toMatch(/SEARCH notifications USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE|SCAN notifications/);
  });

  it('the newest notification id is read from the end of the primary key', () => {
    expect(plan(NOTIFICATIONS_SQL.lastId, {})).toMatch(/SEARCH notifications/);
  });
});
