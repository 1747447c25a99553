import type { Db } from '../../db/open-db';

/**
 * The chat contacts (people with a private conversation) of many users in one query: the
 * presence snapshots of a reconnect storm's sockets, greeted together (`live/hub.ts`), while
 * presence goes to contacts only. The same rows as `CHAT_SQL.contacts`, once per id of a JSON
 * array (the ids drive the loop, CROSS JOIN, so each one's rows come through the same
 * indexes).
 */
export const CONTACTS_SQL = {
  many: `SELECT j.value AS me, m.peer_id AS contact
     FROM json_each(:ids) j
     CROSS JOIN conversation_members m ON m.user_id = j.value
     WHERE m.peer_id IS NOT NULL`,
} as const;

export function createContactsStore(db: Db) {
  const many = db.prepare<{ ids: string }, [number, number]>(CONTACTS_SQL.many).raw();
  return {
    /** Each user's contacts (an empty list for none), for every id given. */
    many: (userIds: readonly number[]): Map<number, number[]> => {
      const found = new Map<number, number[]>(userIds.map((id) => [id, []]));
      for (const [me, contact] of many.all({ ids: JSON.stringify(userIds) })) {
        found.get(me)?.push(contact);
      }
      return found;
    },
  };
}
export type ContactsStore = ReturnType<typeof createContactsStore>;
