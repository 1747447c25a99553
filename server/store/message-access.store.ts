import type { Db } from '../../db/open-db';
import type { ConversationAudience } from '../events/event-log';

/**
 * Who may see a chat message, in one place. Everything hung on a message (reactions,
 * attachments, search hits, mentions) asks here, never the messages table directly. Since
 * rooms (010) a message belongs to a conversation (private: its two people; a group; a room),
 * and the answer is its conversation's current members.
 */
export interface MessageAccessStore {
  /** Whether `userId` may read message `messageId` (and what is attached to it): a member. */
  canRead(userId: number, messageId: number): boolean;
  /**
   * Who receives the events about message `messageId`: its conversation's members, resolved
   * when the event is written (`tx.event(…, audience)` takes it as it is); undefined when
   * there is no such message.
   */
  audience(messageId: number): ConversationAudience | undefined;
}

export function createMessageAccessStore(db: Db): MessageAccessStore {
  const conversationOf = db
    .prepare<[number], number>('SELECT conversation_id FROM messages WHERE id = ?')
    .pluck();
  const member = db
    .prepare<{ messageId: number; userId: number }, number>(
      `SELECT 1 FROM messages m JOIN conversation_members cm
         ON cm.conversation_id = m.conversation_id AND cm.user_id = :userId
       WHERE m.id = :messageId`,
    )
    .pluck();
  return {
    audience: (messageId) => {
      const conversationId = conversationOf.get(messageId);
      return conversationId === undefined ? undefined : { conversationId };
    },
    canRead: (userId, messageId) => member.get({ messageId, userId }) !== undefined,
  };
}
