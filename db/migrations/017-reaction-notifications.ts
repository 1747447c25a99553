import type { Database } from 'better-sqlite3';
import type { Migration } from '../migrate';
import { addNotificationKinds } from './notification-kinds';

/**
 * Grouped reaction notifications (issue 12): "ana and 3 others reacted to your post". Three
 * notification kinds, one per item type, so a row groups one item's reactions. The table is
 * rebuilt as 016 did it (notification-kinds.ts), whatever the landing order.
 */
function up(db: Database): void {
  addNotificationKinds(
    db,
    ['reaction_on_post', 'reaction_on_comment', 'reaction_on_message'],
    '017',
  );
}

export const m017ReactionNotifications: Migration = {
  version: 17,
  name: 'reaction-notifications',
  up,
};
