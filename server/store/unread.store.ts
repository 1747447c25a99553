import type { Db } from '../../db/open-db';
import type { ConversationKind } from './conversation-rows';

/**
 * The unread counts of many users in one query, for a reconnect storm (the sockets that
 * connected during one event-loop turn are greeted together, `live/hub.ts`) and for the
 * tick's reload of every user whose counts went stale: one statement for all of them,
 * instead of two or three per user. Its two halves are the per-user queries of
 * `conversations.store` (`unreadAll`) and `notifications.store` (`unreadCount`), run once
 * per id of a JSON array (the ids drive the loop, CROSS JOIN, so each user's rows are found
 * through the same indexes); a notifications row has kind 'notifications'.
 */
export const UNREAD_SQL = {
  counts: `SELECT cm.user_id AS me, c.id, c.kind, c.user_lo, c.user_hi,
       (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.id > cm.last_read_id
          AND m.sender_id != cm.user_id AND m.deleted_at IS NULL) AS n
     FROM json_each(:ids) j
     CROSS JOIN conversation_members cm ON cm.user_id = j.value
     JOIN conversations c ON c.id = cm.conversation_id
     WHERE c.last_message_id > cm.last_read_id
     UNION ALL
     SELECT j.value, 0, 'notifications', NULL, NULL,
       (SELECT COUNT(*) FROM notifications WHERE user_id = j.value AND read = 0)
     FROM json_each(:ids) j`,
} as const;

/** A conversation with unread messages, or (kind 'notifications') a user's unread notifications. */
export interface UnreadRow {
  me: number;
  id: number;
  kind: ConversationKind | 'notifications';
  user_lo: number | null;
  user_hi: number | null;
  n: number;
}

export function createUnreadStore(db: Db) {
  const counts = db.prepare<{ ids: string }, UnreadRow>(UNREAD_SQL.counts);
  return {
    /**
     * For each user: a 'notifications' row (0 included), then a row per conversation with
     * unread messages (n > 0 only).
     */
    counts: (userIds: readonly number[]): UnreadRow[] =>
      counts
        .all({ ids: JSON.stringify(userIds) })
        .filter((r) => r.n > 0 || r.kind === 'notifications'),
  };
}
export type UnreadStore = ReturnType<typeof createUnreadStore>;
