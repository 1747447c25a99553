import type { ChatMessage } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

export interface MessageRow {
  id: number;
  conversation_id: number;
  sender_id: number;
  /** The other person of a private message; null in groups and rooms. */
  recipient_id: number | null;
  body: string;
  client_id: string;
  created_at: string;
  event_id: number | null;
  edited_at: string | null;
  deleted: number;
}

export interface NewMessage {
  conversationId: number;
  senderId: number;
  /** The other person of a private message; null in a group or room. */
  recipientId: number | null;
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

/**
 * A private message keeps its shape from before rooms (`to`, no conversationId); a group or
 * room message names its conversation and has `to: 0`.
 */
export const toMessage = (r: MessageRow): ChatMessage => {
  const base = {
    id: r.id,
    from: r.sender_id,
    to: r.recipient_id ?? 0,
    body: r.body,
    createdAt: r.created_at,
    clientId: r.client_id,
    editedAt: r.edited_at,
    deleted: r.deleted === 1,
  };
  return r.recipient_id === null ? { ...base, conversationId: r.conversation_id } : base;
};

/** The columns of a MessageRow (also read by message-edits.store.ts). */
export const MESSAGE_COLUMNS = `id, conversation_id, sender_id, recipient_id, body, client_id,
  created_at, event_id, edited_at, deleted_at IS NOT NULL AS deleted`;

export interface RosterRow {
  id: number;
  nickname: string;
  last_message_id: number | null;
  last_message_at: string | null;
  last_message_preview: string | null;
}

/** Longest `lastMessagePreview` in the roster: enough for one line of the list. */
export const PREVIEW_CHARS = 140;

/**
 * Exported so store/query-plans.test.ts checks their plans. `= +:param` and `LIMIT +:param`:
 * a bare parameter there makes SQLite 3.54 prepare the statement again on every run
 * (server/test/reprepare-probe.ts says why; store/live-reprepare.test.ts checks); the plus
 * changes neither the plan nor the result.
 */
export const CHAT_SQL = {
  // One conversation, newest first, through messages_conversation.
  history: `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE conversation_id = +:conversationId AND id < +:before
     ORDER BY id DESC LIMIT +:limit`,
  // (issue 13) Paging down from a message toward the latest, oldest first.
  newer: `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE conversation_id = +:conversationId AND id > +:after
     ORDER BY id ASC LIMIT +:limit`,
  roster: `SELECT u.id, u.nickname, c.last_message_id, m.created_at AS last_message_at,
       CASE WHEN m.body = '' AND m.deleted_at IS NULL THEN 'Attachment'
         ELSE substr(m.body, 1, ${PREVIEW_CHARS}) END AS last_message_preview
     FROM users u
     LEFT JOIN conversations c ON c.kind = 'direct'
       AND c.user_lo = min(u.id, :me) AND c.user_hi = max(u.id, :me)
     LEFT JOIN messages m ON m.id = c.last_message_id
     WHERE u.id != +:me`,
  // (019) The other person of each private conversation: one covering range.
  contacts: `SELECT peer_id FROM conversation_members
     WHERE user_id = +:id AND peer_id IS NOT NULL`,
} as const;

export function createChatStore(db: Db) {
  // A retry (same sender and clientId) inserts nothing and returns no row.
  const insert = db
    .prepare<NewMessage, number>(
      `INSERT INTO messages (conversation_id, sender_id, recipient_id, body, client_id,
         created_at, event_id)
       VALUES (:conversationId, :senderId, :recipientId, :body, :clientId, :createdAt, :eventId)
       ON CONFLICT (sender_id, client_id) DO NOTHING RETURNING id`,
    )
    .pluck();
  const byClientId = db.prepare<{ senderId: number; clientId: string }, MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE sender_id = +:senderId AND client_id = +:clientId`,
  );
  const touch = db.prepare<{ id: number; messageId: number }, never>(
    'UPDATE conversations SET last_message_id = :messageId WHERE id = +:id',
  );
  const history = db.prepare<{ conversationId: number; before: number; limit: number }, MessageRow>(
    CHAT_SQL.history,
  );
  const newer = db.prepare<{ conversationId: number; after: number; limit: number }, MessageRow>(
    CHAT_SQL.newer,
  );
  const roster = db.prepare<{ me: number }, RosterRow>(CHAT_SQL.roster);
  const contacts = db.prepare<{ id: number }, number>(CHAT_SQL.contacts).pluck();
  const userNickname = db
    .prepare<{ id: number }, string>('SELECT nickname FROM users WHERE id = +:id')
    .pluck();

  return {
    /** The new id, or undefined when this sender already used this clientId. */
    insert: (_tx: WriteTx, m: NewMessage): number | undefined => {
      const id = insert.get(m);
      if (id === undefined) return undefined;
      touch.run({ id: m.conversationId, messageId: id });
      return id;
    },
    byClientId: (senderId: number, clientId: string): StoredMessage | undefined => {
      const row = byClientId.get({ senderId, clientId });
      return row ? { message: toMessage(row), eventId: row.event_id } : undefined;
    },
    /** Newest first: `limit` messages of a conversation below `before`. */
    history: (conversationId: number, before: number, limit: number): ChatMessage[] =>
      history.all({ conversationId, before, limit }).map((r) => toMessage(r)),
    /** Oldest first: `limit` messages of a conversation above `after`. */
    newer: (conversationId: number, after: number, limit: number): ChatMessage[] =>
      newer.all({ conversationId, after, limit }).map((r) => toMessage(r)),
    /** Everyone but `me`, with the last message exchanged with `me` (unordered). */
    roster: (me: number): RosterRow[] => roster.all({ me }),
    /** The people `id` has exchanged at least one message with. */
    contacts: (id: number): number[] => contacts.all({ id }),
    nicknameOf: (id: number): string | undefined => userNickname.get({ id }),
  };
}
export type ChatStore = ReturnType<typeof createChatStore>;
