import type { Db } from '../../db/open-db';

/**
 * Who may see a chat message, in one place. Everything hung on a message (reactions,
 * attachments, search hits, mentions) asks here, never the messages table directly, so the
 * conversation model (today: a private message's two people) changes in one file.
 */
export interface MessageAccessStore {
  /** Whether `userId` may read message `messageId` (and what is attached to it). */
  canRead(userId: number, messageId: number): boolean;
  /**
   * The users who receive the events about message `messageId` (its conversation's members),
   * for `tx.event(…, audience)`; undefined when there is no such message.
   */
  audience(messageId: number): readonly number[] | undefined;
}

export function createMessageAccessStore(db: Db): MessageAccessStore {
  const people = db.prepare<[number], { sender_id: number; recipient_id: number }>(
    'SELECT sender_id, recipient_id FROM messages WHERE id = ?',
  );
  const audience = (messageId: number): readonly number[] | undefined => {
    const row = people.get(messageId);
    if (!row) return undefined;
    return row.sender_id === row.recipient_id ? [row.sender_id] : [row.sender_id, row.recipient_id];
  };
  return {
    audience,
    canRead: (userId, messageId) => audience(messageId)?.includes(userId) ?? false,
  };
}
