import type { MessageHit } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { ConversationAudience } from '../events/event-log';
import type { Narrow } from './prefix-narrow';
import { createMessageSearch } from './message-search.store';

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
  /** The group or room message `messageId` is in; undefined for a private message or none. */
  roomOf(messageId: number): number | undefined;
  /**
   * `userId`'s notification level where message `messageId` is (null notify: the
   * conversation kind's default, see ConversationsService); undefined when not a member.
   */
  level(
    userId: number,
    messageId: number,
  ): { notify: 'all' | 'mentions' | 'none' | null; muted: boolean } | undefined;
  /**
   * (issue 12) The messages `userId` may read that match an FTS5 query (db migration 012),
   * newest first, ids below `before`; deleted ones left out. The join on the conversation's
   * members is the same rule as `canRead`.
   */
  search(
    userId: number,
    q: { match: string; before: number; limit: number; narrow?: Narrow | undefined },
  ): MessageHit[];
}

/** Exported for store/query-plans tests: it must walk the FTS index, newest first. */
export { MESSAGE_SEARCH_SQL } from './message-search.store';

// `= +:param` in the joins below: not prepared again on every run (see CHAT_SQL in
// chat.store.ts; store/live-reprepare.test.ts).
export function createMessageAccessStore(db: Db): MessageAccessStore {
  const conversationOf = db
    .prepare<[number], number>('SELECT conversation_id FROM messages WHERE id = +?')
    .pluck();
  const member = db
    .prepare<{ messageId: number; userId: number }, number>(
      `SELECT 1 FROM messages m JOIN conversation_members cm
         ON cm.conversation_id = m.conversation_id AND cm.user_id = +:userId
       WHERE m.id = +:messageId`,
    )
    .pluck();
  const level = db.prepare<
    { messageId: number; userId: number },
    { notify: 'all' | 'mentions' | 'none' | null; muted: number }
  >(
    `SELECT cm.notify, cm.muted FROM messages m JOIN conversation_members cm
       ON cm.conversation_id = m.conversation_id AND cm.user_id = +:userId
     WHERE m.id = +:messageId`,
  );
  const roomOf = db
    .prepare<[number], number>(
      `SELECT c.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.id = +? AND c.kind != 'direct'`,
    )
    .pluck();
  const search = createMessageSearch(db);
  return {
    search,
    roomOf: (messageId) => roomOf.get(messageId),
    level: (userId, messageId) => {
      const row = level.get({ messageId, userId });
      return row === undefined ? undefined : { notify: row.notify, muted: row.muted === 1 };
    },
    audience: (messageId) => {
      const conversationId = conversationOf.get(messageId);
      return conversationId === undefined ? undefined : { conversationId };
    },
    canRead: (userId, messageId) => member.get({ messageId, userId }) !== undefined,
  };
}
