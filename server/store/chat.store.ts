import type { ChatMessage } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

export interface MessageRow {
  id: number;
  sender_id: number;
  recipient_id: number;
  body: string;
  client_id: string;
  created_at: string;
  event_id: number | null;
  edited_at: string | null;
  deleted: number;
}

export interface NewMessage {
  senderId: number;
  recipientId: number;
  body: string;
  clientId: string;
  createdAt: string;
  /** The event-log row that delivers it (allocated by the caller in the same transaction). */
  eventId: number;
}

export interface StoredMessage {
  message: ChatMessage;
  /** The event-log row that delivered it (null only for rows written by hand). */
  eventId: number | null;
}

export const toMessage = (r: MessageRow): ChatMessage => ({
  id: r.id,
  from: r.sender_id,
  to: r.recipient_id,
  body: r.body,
  createdAt: r.created_at,
  clientId: r.client_id,
  editedAt: r.edited_at,
  deleted: r.deleted === 1,
});

/** The columns of a MessageRow (also read by message-edits.store.ts). */
export const MESSAGE_COLUMNS = `id, sender_id, recipient_id, body, client_id, created_at, event_id,
  edited_at, deleted_at IS NOT NULL AS deleted`;

export interface RosterRow {
  id: number;
  nickname: string;
  last_message_id: number | null;
  last_message_at: string | null;
  last_message_preview: string | null;
}

/** Longest `lastMessagePreview` in the roster: enough for one line of the list. */
export const PREVIEW_CHARS = 140;

/** Exported so store/query-plans.test.ts checks their plans. */
export const CHAT_SQL = {
  // Both directions of one conversation, newest first, through the expression index.
  history: `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE min(sender_id, recipient_id) = :lo AND max(sender_id, recipient_id) = :hi AND id < :before
     ORDER BY id DESC LIMIT :limit`,
  roster: `SELECT u.id, u.nickname, t.last_message_id, m.created_at AS last_message_at,
       CASE WHEN m.body = '' AND m.deleted_at IS NULL THEN 'Attachment'
         ELSE substr(m.body, 1, ${PREVIEW_CHARS}) END AS last_message_preview
     FROM users u
     LEFT JOIN chat_threads t ON t.user_lo = min(u.id, :me) AND t.user_hi = max(u.id, :me)
     LEFT JOIN messages m ON m.id = t.last_message_id
     WHERE u.id != :me`,
  unreadBySender: `SELECT sender_id, COUNT(*) AS n FROM messages
     WHERE recipient_id = :me AND unread = 1 GROUP BY sender_id`,
  markRead: `UPDATE messages SET unread = 0
     WHERE recipient_id = :me AND sender_id = :peer AND unread = 1 AND id <= :upTo`,
  contacts: `SELECT user_hi FROM chat_threads WHERE user_lo = :id
     UNION ALL SELECT user_lo FROM chat_threads WHERE user_hi = :id`,
} as const;

export function createChatStore(db: Db) {
  // A retry (same sender and clientId) inserts nothing and returns no row.
  const insert = db
    .prepare<NewMessage, number>(
      `INSERT INTO messages (sender_id, recipient_id, body, client_id, created_at, event_id)
       VALUES (:senderId, :recipientId, :body, :clientId, :createdAt, :eventId)
       ON CONFLICT (sender_id, client_id) DO NOTHING RETURNING id`,
    )
    .pluck();
  const byClientId = db.prepare<{ senderId: number; clientId: string }, MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE sender_id = :senderId AND client_id = :clientId`,
  );
  const touchThread = db.prepare<{ lo: number; hi: number; messageId: number }, never>(
    `INSERT INTO chat_threads (user_lo, user_hi, last_message_id) VALUES (:lo, :hi, :messageId)
     ON CONFLICT (user_lo, user_hi) DO UPDATE SET last_message_id = excluded.last_message_id`,
  );
  const history = db.prepare<{ lo: number; hi: number; before: number; limit: number }, MessageRow>(
    CHAT_SQL.history,
  );
  const roster = db.prepare<{ me: number }, RosterRow>(CHAT_SQL.roster);
  const unreadBySender = db.prepare<{ me: number }, { sender_id: number; n: number }>(
    CHAT_SQL.unreadBySender,
  );
  const markRead = db.prepare<{ me: number; peer: number; upTo: number }, never>(CHAT_SQL.markRead);
  const contacts = db.prepare<{ id: number }, number>(CHAT_SQL.contacts).pluck();
  const userNickname = db
    .prepare<{ id: number }, string>('SELECT nickname FROM users WHERE id = :id')
    .pluck();

  return {
    /** The new id, or undefined when this sender already used this clientId. */
    insert: (_tx: WriteTx, m: NewMessage): number | undefined => {
      const id = insert.get(m);
      if (id === undefined) return undefined;
      touchThread.run({
        lo: Math.min(m.senderId, m.recipientId),
        hi: Math.max(m.senderId, m.recipientId),
        messageId: id,
      });
      return id;
    },
    byClientId: (senderId: number, clientId: string): StoredMessage | undefined => {
      const row = byClientId.get({ senderId, clientId });
      return row ? { message: toMessage(row), eventId: row.event_id } : undefined;
    },
    /** Newest first: `limit` messages of the conversation between `a` and `b` below `before`. */
    history: (a: number, b: number, before: number, limit: number): ChatMessage[] =>
      history
        .all({ lo: Math.min(a, b), hi: Math.max(a, b), before, limit })
        .map((r) => toMessage(r)),
    /** Everyone but `me`, with the last message exchanged with `me` (unordered). */
    roster: (me: number): RosterRow[] => roster.all({ me }),
    unreadBySender: (me: number): { sender_id: number; n: number }[] => unreadBySender.all({ me }),
    /** Marks `peer`'s messages to `me` up to `upTo` read; returns how many changed. */
    markRead: (_tx: WriteTx, me: number, peer: number, upTo: number): number =>
      markRead.run({ me, peer, upTo }).changes,
    /** The people `id` has exchanged at least one message with. */
    contacts: (id: number): number[] => contacts.all({ id }),
    nicknameOf: (id: number): string | undefined => userNickname.get({ id }),
  };
}
export type ChatStore = ReturnType<typeof createChatStore>;
