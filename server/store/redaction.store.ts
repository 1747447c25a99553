import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/**
 * Takes a deleted item's text out of everything else that quoted it, in the transaction that
 * deletes it: the event log (so a resume replays a blank item, then its delete) and the
 * notifications about it (removed; their events blanked). The event-log statements read the
 * log without an index: it is bounded by the pruner (`live.eventMaxRows`), and deletes are rare.
 */
export const REDACTION_SQL = {
  postEvents: `UPDATE events SET payload = json_set(payload, '$.post.title', '', '$.post.body', '')
     WHERE type IN ('post.created', 'post.updated') AND json_extract(payload, '$.post.id') = +:id`,
  commentEvents: `UPDATE events
     SET payload = json_set(payload, '$.comment.body', '', '$.comment.deleted', json('true'))
     WHERE type IN ('comment.created', 'comment.updated')
       AND json_extract(payload, '$.comment.id') = +:id`,
  messageEvents: `UPDATE events
     SET payload = CASE type
       WHEN 'chat.message' THEN json_set(payload, '$.body', '', '$.deleted', json('true'))
       ELSE json_set(payload, '$.message.body', '', '$.message.deleted', json('true')) END
     WHERE (type = 'chat.message' AND json_extract(payload, '$.id') = +:id)
        OR (type = 'chat.updated' AND json_extract(payload, '$.message.id') = +:id)`,
  // Through notifications_post / notifications_comment (migration 007).
  postNotifications: `DELETE FROM notifications WHERE post_id = +:id RETURNING user_id, read`,
  commentNotifications: `DELETE FROM notifications WHERE comment_id = +:id RETURNING user_id, read`,
  postNotificationEvents: `UPDATE events SET payload = json_set(payload, '$.text', '')
     WHERE type = 'notification' AND json_extract(payload, '$.postId') = +:id`,
  commentNotificationEvents: `UPDATE events SET payload = json_set(payload, '$.text', '')
     WHERE type = 'notification' AND json_extract(payload, '$.commentId') = +:id`,
  // (016) Mentions in a message, through notifications_message.
  messageNotifications: `DELETE FROM notifications WHERE message_id = +:id RETURNING user_id, read`,
  messageNotificationEvents: `UPDATE events SET payload = json_set(payload, '$.text', '')
     WHERE type = 'notification' AND json_extract(payload, '$.messageId') = +:id`,
} as const;

export function createRedactionStore(db: Db) {
  const run = (sql: string) => db.prepare<{ id: number }, never>(sql);
  const postEvents = run(REDACTION_SQL.postEvents);
  const commentEvents = run(REDACTION_SQL.commentEvents);
  const messageEvents = run(REDACTION_SQL.messageEvents);
  const removed = (sql: string) =>
    db.prepare<{ id: number }, { user_id: number; read: number }>(sql);
  const postNotifications = removed(REDACTION_SQL.postNotifications);
  const commentNotifications = removed(REDACTION_SQL.commentNotifications);
  const postNotificationEvents = run(REDACTION_SQL.postNotificationEvents);
  const commentNotificationEvents = run(REDACTION_SQL.commentNotificationEvents);
  const messageNotifications = removed(REDACTION_SQL.messageNotifications);
  const messageNotificationEvents = run(REDACTION_SQL.messageNotificationEvents);

  /** The users who lost an unread notification (their counts change). */
  const unreadOf = (rows: { user_id: number; read: number }[]): number[] => [
    ...new Set(rows.filter((r) => r.read === 0).map((r) => r.user_id)),
  ];

  return {
    /** A deleted post: its events blanked, its notifications gone; returns whose unread fell. */
    post: (_tx: WriteTx, id: number): number[] => {
      postEvents.run({ id });
      postNotificationEvents.run({ id });
      return unreadOf(postNotifications.all({ id }));
    },
    comment: (_tx: WriteTx, id: number): number[] => {
      commentEvents.run({ id });
      commentNotificationEvents.run({ id });
      return unreadOf(commentNotifications.all({ id }));
    },
    message: (_tx: WriteTx, id: number): number[] => {
      messageEvents.run({ id });
      messageNotificationEvents.run({ id });
      return unreadOf(messageNotifications.all({ id }));
    },
  };
}
export type RedactionStore = ReturnType<typeof createRedactionStore>;
