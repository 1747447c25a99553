import type { MessageHit } from '../../common/api';
import type { Db } from '../../db/open-db';
import { MARKS_SQL, parseMarked } from './highlight';

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
  /**
   * (issue 12) The messages `userId` may read that match an FTS5 query (db migration 012),
   * newest first, ids below `before`; deleted ones left out. The index holds who reads each
   * message ("u<id>", the view `messages_search`), so the match walks only the reader's
   * messages; the join then checks the same rule as `canRead`. A new conversation model
   * changes this file and that view.
   */
  search(userId: number, q: { match: string; before: number; limit: number }): MessageHit[];
}

/** Exported for store/query-plans tests: it must walk the FTS index, newest first. */
export const MESSAGE_SEARCH_SQL = `SELECT m.id, m.created_at,
     snippet(messages_fts, 0, ${MARKS_SQL}, '…', 16) AS snippet,
     s.id AS from_id, s.nickname AS from_nickname,
     o.id AS peer_id, o.nickname AS peer_nickname
   FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
   JOIN users s ON s.id = m.sender_id
   JOIN users o ON o.id = CASE WHEN m.sender_id = :userId THEN m.recipient_id ELSE m.sender_id END
   WHERE messages_fts MATCH :readable AND messages_fts.rowid < :before AND m.deleted_at IS NULL
     AND (m.sender_id = :userId OR m.recipient_id = :userId)
   ORDER BY messages_fts.rowid DESC LIMIT :limit`;

interface MessageSearchRow {
  id: number;
  created_at: string;
  snippet: string | null;
  from_id: number;
  from_nickname: string;
  peer_id: number;
  peer_nickname: string;
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
  const search = db.prepare<
    { userId: number; readable: string; before: number; limit: number },
    MessageSearchRow
  >(MESSAGE_SEARCH_SQL);
  return {
    search: (userId, q) =>
      search
        .all({
          userId,
          // The words in the text, and the reader among the message's people.
          readable: `{body} : (${q.match}) AND {people} : "u${userId}"`,
          before: q.before,
          limit: q.limit,
        })
        .map((r) => ({
          id: r.id,
          from: { id: r.from_id, nickname: r.from_nickname },
          peer: { id: r.peer_id, nickname: r.peer_nickname },
          snippet: parseMarked(r.snippet),
          createdAt: r.created_at,
        })),
    audience,
    canRead: (userId, messageId) => audience(messageId)?.includes(userId) ?? false,
  };
}
