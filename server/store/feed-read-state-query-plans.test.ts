import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { FEED_READ_STATE_SQL } from './feed-read-state.store';

// The statements bind positional lists as well as names.
const plan = queryPlanner();

describe('feed read-state query plans', () => {
  it("seeks the reader's pointers by post_reads' primary key", () => {
    const p = plan(FEED_READ_STATE_SQL.pointers(3), 1, 10, 11, 12);
    expect(p).toContain('post_reads USING PRIMARY KEY (user_id=? AND post_id=?)');
    expect(p).not.toContain('SCAN post_reads');
  });
  it('counts new comments along comments_post (post_id, id), past the pointer', () => {
    const p = plan(FEED_READ_STATE_SQL.newComments(2), { userId: 1 }, 10, 0, 11, 5);
    expect(p).toContain('USING INDEX comments_post (post_id=? AND id>?)');
    expect(p).not.toContain('SCAN c');
  });
});
