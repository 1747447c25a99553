import type { ChatMessage } from '../../common/api';
import type { Db } from '../../db/open-db';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './chat.store';
import type { WriteTx } from './write-tx';

/** A private message as an edit or a delete needs it. */
export interface MessageForEdit {
  message: ChatMessage;
  writtenAt: string;
  /** Its recipient has not read it yet (a delete lowers their unread count). */
  unread: boolean;
}

type Row = MessageRow & { unread: number };

/** Editing and deleting private messages (sends and reads stay in chat.store.ts). */
export function createMessageEditsStore(db: Db) {
  const row = db.prepare<{ id: number }, Row>(
    `SELECT ${MESSAGE_COLUMNS}, unread FROM messages WHERE id = :id`,
  );
  const update = db.prepare<{ id: number; body: string; at: string }, never>(
    'UPDATE messages SET body = :body, edited_at = :at WHERE id = :id',
  );
  // A deleted message no longer counts as unread (the partial index drops it too).
  const markDeleted = db.prepare<{ id: number; at: string }, never>(
    `UPDATE messages SET body = '', deleted_at = :at, unread = 0 WHERE id = :id`,
  );

  return {
    row: (id: number): MessageForEdit | undefined => {
      const r = row.get({ id });
      if (!r) return undefined;
      return {
        message: toMessage(r),
        writtenAt: r.edited_at ?? r.created_at,
        unread: r.unread === 1,
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
