import type { MessageHit } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { ConversationAudience } from '../events/event-log';
import { MARKS_SQL, parseMarked } from './highlight';

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
  search(userId: number, q: { match: string; before: number; limit: number }): MessageHit[];
}

/** Exported for store/query-plans tests: it must walk the FTS index, newest first. */
export const MESSAGE_SEARCH_SQL = `SELECT m.id, m.created_at,
     snippet(messages_fts, 0, ${MARKS_SQL}, '…', 16) AS snippet,
     s.id AS from_id, s.nickname AS from_nickname,
     o.id AS peer_id, o.nickname AS peer_nickname,
     CASE WHEN c.kind != 'direct' THEN c.id END AS room_id, c.name AS room_name
   FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
   JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = :userId
   JOIN conversations c ON c.id = m.conversation_id
   JOIN users s ON s.id = m.sender_id
   LEFT JOIN users o ON c.kind = 'direct'
     AND o.id = CASE WHEN c.user_lo = :userId THEN c.user_hi ELSE c.user_lo END
   WHERE messages_fts MATCH :readable AND messages_fts.rowid < :before AND m.deleted_at IS NULL
   ORDER BY messages_fts.rowid DESC LIMIT :limit`;

/**
 * Past this many group and room conversations the searcher's filter would cost FTS5 more
 * than it saves (each is one more doclist to merge): the words alone, and the join decides.
 */
export const MAX_SEARCH_CONVERSATIONS = 64;

/**
 * The FTS5 query for the messages `userId` may read that hold `match`: the words in the
 * text, in the messages of their private conversations or of their groups and rooms. Only a
 * narrowing: the membership join in MESSAGE_SEARCH_SQL has the last word.
 */
export function readableMatch(userId: number, match: string, shared: readonly number[]): string {
  if (shared.length > MAX_SEARCH_CONVERSATIONS) return `{body} : (${match})`;
  const readers = [`u${userId}`, ...shared.map((id) => `c${id}`)].join(' OR ');
  return `{body} : (${match}) AND {people} : (${readers})`;
}

interface MessageSearchRow {
  id: number;
  created_at: string;
  snippet: string | null;
  from_id: number;
  from_nickname: string;
  peer_id: number | null;
  peer_nickname: string | null;
  room_id: number | null;
  room_name: string | null;
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
  const level = db.prepare<
    { messageId: number; userId: number },
    { notify: 'all' | 'mentions' | 'none' | null; muted: number }
  >(
    `SELECT cm.notify, cm.muted FROM messages m JOIN conversation_members cm
       ON cm.conversation_id = m.conversation_id AND cm.user_id = :userId
     WHERE m.id = :messageId`,
  );
  const roomOf = db
    .prepare<[number], number>(
      `SELECT c.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.id = ? AND c.kind != 'direct'`,
    )
    .pluck();
  // The group and room conversations `userId` is in now (a private message indexes its two
  // people, the others their conversation: db migration 018). Walks the few shared
  // conversations rather than the searcher's many private ones.
  const sharedConversations = db
    .prepare<[number], number>(
      `SELECT c.id FROM conversations c INDEXED BY conversations_shared
       WHERE c.kind != 'direct' AND EXISTS (SELECT 1 FROM conversation_members cm
         WHERE cm.conversation_id = c.id AND cm.user_id = ?)`,
    )
    .pluck();
  const search = db.prepare<
    { userId: number; readable: string; before: number; limit: number },
    MessageSearchRow
  >(MESSAGE_SEARCH_SQL);
  return {
    search: (userId, q) =>
      search
        .all({
          userId,
          readable: readableMatch(userId, q.match, sharedConversations.all(userId)),
          before: q.before,
          limit: q.limit,
        })
        .map((r) => ({
          id: r.id,
          from: { id: r.from_id, nickname: r.from_nickname },
          ...(r.peer_id !== null && r.peer_nickname !== null
            ? { peer: { id: r.peer_id, nickname: r.peer_nickname } }
            : {}),
          ...(r.room_id !== null
            ? { conversation: { id: r.room_id, name: r.room_name ?? '' } }
            : {}),
          snippet: parseMarked(r.snippet),
          createdAt: r.created_at,
        })),
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
