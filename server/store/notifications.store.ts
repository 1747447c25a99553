import type { Notification, NotificationKind } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/**
 * What a grouped notification row groups besides its kind: the post, or one notification on
 * its own, except (issue 12) a reaction to a comment or a message, grouped by that comment or
 * message. The grouped list (notification-groups.store.ts) and the bell's count use it both.
 */
export const GROUP_ITEM = `CASE n.kind WHEN 'reaction_on_comment' THEN 'c' || n.comment_id
       WHEN 'reaction_on_message' THEN 'm' || n.message_id ELSE ifnull(n.post_id, -n.id) END`;

interface NotificationRow {
  id: number;
  kind: NotificationKind;
  actor_id: number;
  actor_nickname: string;
  post_id: number | null;
  comment_id: number | null;
  message_id: number | null;
  /** (rooms) The group or room of message_id; null for a private message or none. */
  room_id: number | null;
  text: string;
  created_at: string;
  read: number;
}

export const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind,
  actor: { id: r.actor_id, nickname: r.actor_nickname },
  ...(r.post_id !== null ? { postId: r.post_id } : {}),
  ...(r.comment_id !== null ? { commentId: r.comment_id } : {}),
  ...(r.message_id !== null ? { messageId: r.message_id } : {}),
  ...(r.room_id !== null ? { conversationId: r.room_id } : {}),
  text: r.text,
  createdAt: r.created_at,
  read: r.read === 1,
});

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  actorId: number;
  postId: number | null;
  /** The comment it is about, if any (removed with it). */
  commentId: number | null;
  /** The chat message a mention is in, if any (removed with it). */
  messageId?: number | null;
  text: string;
  createdAt: string;
}

/** No cursor given: larger than any rowid. */
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

/** Exported so store/query-plans.test.ts checks their plans. */
export const NOTIFICATIONS_SQL = {
  page: `SELECT n.id, n.kind, n.actor_id, u.nickname AS actor_nickname, n.post_id, n.comment_id, n.message_id, n.text,
       n.created_at, n.read,
       (SELECT c.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.id = n.message_id AND c.kind != 'direct') AS room_id
     FROM notifications n JOIN users u ON u.id = n.actor_id
     WHERE n.user_id = +:userId AND n.id < +:before ORDER BY n.id DESC LIMIT +:limit`,
  unreadCount: 'SELECT COUNT(*) FROM notifications WHERE user_id = +:userId AND read = 0',
  markRead: `UPDATE notifications SET read = 1
     WHERE user_id = +:userId AND read = 0 AND id IN (SELECT value FROM json_each(:ids))`,
  markAllRead: 'UPDATE notifications SET read = 1 WHERE user_id = +:userId AND read = 0',
  // Everyone who commented on the post (the thread's participants), from the covering index.
  // `+:postId`: db/README.md "Bound values" (bare, every new comment compiled this again).
  participants: 'SELECT DISTINCT author_id FROM comments WHERE post_id = +:postId',
  // A new post: one notification per follower of any of its categories, however many of
  // them they follow (DISTINCT), never its author. One statement for any number of
  // followers; the rows get consecutive ids above the table's max(id) (lastId).
  insertForFollowers: `INSERT INTO notifications (user_id, kind, actor_id, post_id, text, created_at)
     SELECT DISTINCT user_id, 'post_in_category', :actorId, :postId, :text, :createdAt
     FROM category_follows
     WHERE category_id IN (SELECT value FROM json_each(:categoryIds)) AND user_id <> +:actorId`,
  lastId: 'SELECT max(id) FROM notifications',
  /**
   * (issue 13) Reading a conversation up to a message reads the mentions of you in it up to
   * there: the user's unread rows (a few, from notifications_unread), their messages checked
   * against the conversation by primary key.
   */
  readConversationMentions: `UPDATE notifications SET read = 1
     WHERE user_id = +:userId AND read = 0 AND message_id IS NOT NULL AND message_id <= +:upTo
       AND message_id IN (SELECT id FROM messages WHERE conversation_id = +:conversationId)
     RETURNING id`,
  /**
   * (issue 13) The bell counts what the grouped list shows as unread rows, grouped as
   * NOTIFICATION_GROUPS_SQL.page groups them (GROUP_ITEM and kind).
   */
  unreadGroupCount: `SELECT COUNT(*) FROM (SELECT 1 FROM notifications n
     WHERE n.user_id = +:userId AND n.read = 0 GROUP BY ${GROUP_ITEM}, n.kind)`,
} as const;

export interface FollowersNotification {
  actorId: number;
  postId: number;
  categoryIds: readonly number[];
  text: string;
  createdAt: string;
}

export function createNotificationsStore(db: Db) {
  const insert = db.prepare<NewNotification, { id: number }>(
    `INSERT INTO notifications (user_id, kind, actor_id, post_id, comment_id, message_id, text, created_at)
     VALUES (:userId, :kind, :actorId, :postId, :commentId, :messageId, :text, :createdAt) RETURNING id`,
  );
  const page = db.prepare<{ userId: number; before: number; limit: number }, NotificationRow>(
    NOTIFICATIONS_SQL.page,
  );
  const unreadCount = db.prepare<{ userId: number }, number>(NOTIFICATIONS_SQL.unreadCount).pluck();
  const markRead = db.prepare<{ userId: number; ids: string }, never>(NOTIFICATIONS_SQL.markRead);
  const markAllRead = db.prepare<{ userId: number }, never>(NOTIFICATIONS_SQL.markAllRead);
  const participants = db
    .prepare<{ postId: number }, number>(NOTIFICATIONS_SQL.participants)
    .pluck();
  const insertForFollowers = db.prepare<
    Omit<FollowersNotification, 'categoryIds'> & { categoryIds: string },
    never
  >(NOTIFICATIONS_SQL.insertForFollowers);
  const lastId = db.prepare<[], number | null>(NOTIFICATIONS_SQL.lastId).pluck();
  const readConversationMentions = db
    .prepare<{ userId: number; conversationId: number; upTo: number }, number>(
      NOTIFICATIONS_SQL.readConversationMentions,
    )
    .pluck();
  const unreadGroupCount = db
    .prepare<{ userId: number }, number>(NOTIFICATIONS_SQL.unreadGroupCount)
    .pluck();

  return {
    /** In the transaction that writes the comment (and the notification's event). */
    insert: (_tx: WriteTx, n: NewNotification): number =>
      (insert.get({ ...n, messageId: n.messageId ?? null }) as { id: number }).id,
    /** Newest first, `limit` rows below `before`. */
    page: (q: { userId: number; before?: number; limit: number }): Notification[] =>
      page
        .all({ userId: q.userId, before: q.before ?? NO_CURSOR, limit: q.limit })
        .map(toNotification),
    unreadCount: (userId: number): number => unreadCount.get({ userId }) ?? 0,
    /** Marks the given notifications of `userId` read (others' ids are ignored); returns how many changed. */
    markRead: (_tx: WriteTx, userId: number, ids: readonly number[]): number =>
      markRead.run({ userId, ids: JSON.stringify(ids) }).changes,
    markAllRead: (_tx: WriteTx, userId: number): number => markAllRead.run({ userId }).changes,
    /** Authors of the post's comments so far. */
    participants: (postId: number): number[] => participants.all({ postId }),
    /**
     * In the transaction that writes the post: notifies the followers of its
     * categories (see NOTIFICATIONS_SQL.insertForFollowers). Returns how many rows it wrote.
     */
    insertForFollowers: (_tx: WriteTx, n: FollowersNotification): number =>
      insertForFollowers.run({ ...n, categoryIds: JSON.stringify(n.categoryIds) }).changes,
    /** The newest notification id (0 when there is none). */
    lastId: (): number => lastId.get() ?? 0,
    /** Marks `userId`'s mentions in the conversation up to message `upTo` read; their ids. */
    readConversationMentions: (
      _tx: WriteTx,
      q: { userId: number; conversationId: number; upTo: number },
    ): number[] => readConversationMentions.all(q),
    /** Unread rows of the grouped list (what the bell shows). */
    unreadGroupCount: (userId: number): number => unreadGroupCount.get({ userId }) ?? 0,
  };
}
export type NotificationsStore = ReturnType<typeof createNotificationsStore>;
