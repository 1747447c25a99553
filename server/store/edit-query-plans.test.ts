import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { REDACTION_SQL } from './redaction.store';
import { REVISIONS_SQL } from './revisions.store';

const plan = queryPlanner();

// Edit and delete: an item's versions, the purge, and the notifications a delete removes
// each walk an index (the event-log rewrites scan the pruned log on purpose, see
// redaction.store.ts).
describe('edit and delete queries use indexes', () => {
  it.each([
    [
      "an item's versions, oldest first",
      REVISIONS_SQL.list,
      { itemType: 'post', itemId: 1 },
      /SEARCH r USING INDEX revisions_item \(item_type=\? AND item_id=\?\)/,
    ],
    [
      'revisions past their date',
      REVISIONS_SQL.purgeDue,
      { nowMs: 1, batch: 10 },
      /SEARCH revisions USING (COVERING )?INDEX revisions_purge \(purge_at_ms>\? AND purge_at_ms<\?\)/,
    ],
    [
      "a deleted post's notifications",
      REDACTION_SQL.postNotifications,
      { id: 1 },
      /SEARCH notifications USING (COVERING )?INDEX notifications_post \(post_id=\?\)/,
    ],
    [
      "a deleted comment's notifications",
      REDACTION_SQL.commentNotifications,
      { id: 1 },
      /SEARCH notifications USING (COVERING )?INDEX notifications_comment \(comment_id=\?\)/,
    ],
  ])('%s', (_name, sql, params, expected) => {
    const p = plan(sql, params);
    expect(p).toMatch(expected);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });
});
