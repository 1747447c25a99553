import type { ChatMessage } from '../../common/api';
import type { Db } from '../../db/open-db';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './chat.store';
import type { WriteTx } from './write-tx';

/** A chat message as an edit or a delete needs it. */
export interface MessageForEdit {
  message: ChatMessage;
  writtenAt: string;
  conversationId: number;
}

type Row = MessageRow;

/** Editing and deleting private messages (sends and reads stay in chat.store.ts). */
export function createMessageEditsStore(db: Db) {
  const row = db.prepare<{ id: number }, Row>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = +:id`,
  );
  const update = db.prepare<{ id: number; body: string; at: string }, never>(
    'UPDATE messages SET body = :body, edited_at = :at WHERE id = +:id',
  );
  // A deleted message no longer counts as unread (unread counts skip deleted_at).
  const markDeleted = db.prepare<{ id: number; at: string }, never>(
    `UPDATE messages SET body = '', deleted_at = :at WHERE id = +:id`,
  );

  return {
    row: (id: number): MessageForEdit | undefined => {
      const r = row.get({ id });
      if (!r) return undefined;
      return {
        message: toMessage(r),
        writtenAt: r.edited_at ?? r.created_at,
        conversationId: r.conversation_id,
      };
    },
    update: (_tx: WriteTx, id: number, body: string, at: string): void => {
      update.run({ id, body, at });
    },
    markDeleted: (_tx: WriteTx, id: number, at: string): void => {
      markDeleted.run({ id, at });
    },
  };
}
export type MessageEditsStore = ReturnType<typeof createMessageEditsStore>;
