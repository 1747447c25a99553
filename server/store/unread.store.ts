import type { Db } from '../../db/open-db';
import type { ConversationKind } from './conversations.store';

/**
 * The unread counts of many users in two queries, for a reconnect storm: the sockets that
 * connected during one event-loop turn are greeted together (`live/hub.ts`), and each of
 * these costs one statement for all of them instead of two or three per user. Each is the
 * per-user query of `conversations.store` (`unreadAll`) and `notifications.store`
 * (`unreadCount`) run once per id of a JSON array; the ids drive the loop (CROSS JOIN), so
 * each user's rows are found through the same indexes.
 */
export const UNREAD_SQL = {
  conversations: `SELECT cm.user_id AS me, c.id, c.kind, c.user_lo, c.user_hi,
       (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.id > cm.last_read_id
          AND m.sender_id != cm.user_id AND m.deleted_at IS NULL) AS n
     FROM json_each(:ids) j
     CROSS JOIN conversation_members cm ON cm.user_id = j.value
     JOIN conversations c ON c.id = cm.conversation_id
     WHERE c.last_message_id > cm.last_read_id`,
  notifications: `SELECT j.value AS userId,
       (SELECT COUNT(*) FROM notifications WHERE user_id = j.value AND read = 0) AS n
     FROM json_each(:ids) j`,
} as const;

export interface UnreadConversationRow {
  me: number;
  id: number;
  kind: ConversationKind;
  user_lo: number | null;
  user_hi: number | null;
  n: number;
}

export function createUnreadStore(db: Db) {
  const conversations = db.prepare<{ ids: string }, UnreadConversationRow>(
    UNREAD_SQL.conversations,
  );
  const notifications = db.prepare<{ ids: string }, { userId: number; n: number }>(
    UNREAD_SQL.notifications,
  );
  return {
    /** Every conversation of these users with unread messages, and how many (n > 0 only). */
    conversations: (userIds: readonly number[]): UnreadConversationRow[] =>
      conversations.all({ ids: JSON.stringify(userIds) }).filter((r) => r.n > 0),
    /** Unread notifications per user (every id given, 0 included). */
    notifications: (userIds: readonly number[]): { userId: number; n: number }[] =>
      notifications.all({ ids: JSON.stringify(userIds) }),
  };
}
export type UnreadStore = ReturnType<typeof createUnreadStore>;
