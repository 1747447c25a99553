import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** A row of the event log in raw (array) mode: id, type, payload JSON. */
export type EventTuple = [id: number, type: string, payload: string];

export interface NewEvent {
  type: string;
  /** The event's payload, already serialized. */
  payload: string;
  /** Who may see it: null for every user, else one or two user ids. */
  recipientA: number | null;
  recipientB: number | null;
  /** (rooms) A group or room: its members at the time (conversation_spans) may see it. */
  conversationId: number | null;
  createdMs: number;
}

/**
 * Exported so store/query-plans.test.ts checks their plans. `= +:userId`, `LIMIT +:limit`:
 * not prepared again on every run (see CHAT_SQL; store/live-reprepare.test.ts).
 */
export const EVENTS_SQL = {
  // What one user may see after `since`: their own rows (either side), every broadcast, and
  // (rooms) the events of each group or room from the times they were a member of it (their
  // spans). No row matches two branches (a message has two different users; a broadcast has
  // neither users nor a conversation; a conversation's row has no users). Each branch walks
  // an index in id order, so SQLite merges the sorted streams with no temporary table; the
  // last one reads the conversations' rows after `since` (a reconnect's gap, bounded by the
  // pruner) and keeps those one of the user's spans covers.
  replay: `SELECT id, type, payload FROM events WHERE recipient_a = +:userId AND id > +:since
     UNION ALL SELECT id, type, payload FROM events WHERE recipient_b = +:userId AND id > +:since
     UNION ALL SELECT id, type, payload FROM events
       WHERE recipient_a IS NULL AND conversation_id IS NULL AND id > +:since
     UNION ALL SELECT e.id, e.type, e.payload FROM events e
       WHERE e.conversation_id IS NOT NULL AND e.id > +:since AND EXISTS (
         SELECT 1 FROM conversation_spans s
         WHERE s.user_id = +:userId AND s.conversation_id = e.conversation_id
           AND s.from_event_id < e.id AND (s.to_event_id IS NULL OR e.id <= s.to_event_id))
     ORDER BY id LIMIT +:limit`,
  lastId: 'SELECT max(id) FROM events',
  firstId: 'SELECT min(id) FROM events',
  // The newest id among the oldest `:batch` rows that are older than the cutoff.
  pruneUpTo: `SELECT max(id) FROM (SELECT id, created_ms FROM events ORDER BY id LIMIT +:batch)
     WHERE created_ms < +:cutoffMs`,
  // One `notification` event per notification row above :afterId (a fan-out just written in
  // bulk, all alike but for id and user), in one statement. The payload is the row's id
  // spliced in front of the JSON the rows share, so it is exactly JSON.stringify(notification).
  appendNotifications: `INSERT INTO events (type, payload, recipient_a, recipient_b, created_ms)
     SELECT 'notification', '{"id":' || id || ',' || :sharedJsonTail, user_id, NULL, :createdMs
     FROM notifications WHERE id > +:afterId ORDER BY id
     RETURNING id, recipient_a, payload`,
} as const;

/** An event row written by a fan-out: id, recipient, payload JSON. */
export type FanOutTuple = [id: number, userId: number, payload: string];

export function createEventsStore(db: Db) {
  const insert = db.prepare<NewEvent, { id: number }>(
    `INSERT INTO events (type, payload, recipient_a, recipient_b, conversation_id, created_ms)
     VALUES (:type, :payload, :recipientA, :recipientB, :conversationId, :createdMs) RETURNING id`,
  );
  const replay = db
    .prepare<{ userId: number; since: number; limit: number }, EventTuple>(EVENTS_SQL.replay)
    .raw();
  // Two statements on purpose: SQLite answers a lone min() or max() from the end of the
  // primary key, but `SELECT min(id), max(id)` scans the whole table.
  const firstId = db.prepare<[], number | null>(EVENTS_SQL.firstId).pluck();
  const lastId = db.prepare<[], number | null>(EVENTS_SQL.lastId).pluck();
  const bounds = {
    get: (): { first: number | null; last: number | null } => ({
      first: firstId.get() ?? null,
      last: lastId.get() ?? null,
    }),
  };
  const appendNotifications = db
    .prepare<{ afterId: number; sharedJsonTail: string; createdMs: number }, FanOutTuple>(
      EVENTS_SQL.appendNotifications,
    )
    .raw();
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck();
  const pruneUpTo = db
    .prepare<{ batch: number; cutoffMs: number }, number | null>(EVENTS_SQL.pruneUpTo)
    .pluck();
  const deleteUpTo = db.prepare<{ upTo: number; last: number }, never>(
    // The newest row always stays: INTEGER PRIMARY KEY ids would otherwise be reused.
    'DELETE FROM events WHERE id <= +:upTo AND id < +:last',
  );

  return {
    /** In the transaction that writes the data the event describes. */
    append: (_tx: WriteTx, e: NewEvent): number => (insert.get(e) as { id: number }).id,
    /**
     * In the transaction that wrote notifications above `afterId` in bulk: one
     * `notification` event each (see EVENTS_SQL.appendNotifications), oldest first.
     * `sharedJsonTail` is the JSON of their common fields without its opening brace.
     */
    appendNotifications: (
      _tx: WriteTx,
      q: {
        afterId: number;
        sharedJsonTail: string;
        createdMs: number;
      },
    ): FanOutTuple[] => appendNotifications.all(q),
    /** Up to `limit` events `userId` may see with ids above `since`, oldest first. */
    replay: (userId: number, since: number, limit: number): EventTuple[] =>
      replay.all({ userId, since, limit }),
    /** The oldest and newest ids still in the log (null when it is empty). */
    bounds: (): { first: number | null; last: number | null } => bounds.get(),
    lastId: (): number | null => lastId.get() ?? null,
    /** Whether a transaction is open on this connection (its writes may still roll back). */
    inTransaction: (): boolean => db.inTransaction,
    firstId: (): number | null => firstId.get() ?? null,
    count: (): number => count.get() ?? 0,
    /**
     * Not a WriteTx write: upkeep of the log itself (one autocommit DELETE that nothing
     * else depends on, and nothing to publish).
     * Deletes up to `batch` of the oldest rows: those older than `cutoffMs`, and those beyond
     * the newest `maxRows`. Returns how many went.
     */
    prune: (q: { cutoffMs: number; maxRows: number; batch: number }): number => {
      const { first, last } = bounds.get();
      if (first === null || last === null) return 0;
      const byAge = pruneUpTo.get({ batch: q.batch, cutoffMs: q.cutoffMs }) ?? 0;
      // Ids are consecutive (rows are only ever removed from the old end), so the newest
      // `maxRows` rows start at last - maxRows + 1.
      const byCount = last - q.maxRows;
      const upTo = Math.min(Math.max(byAge, byCount), first + q.batch - 1);
      if (upTo <= 0) return 0;
      return deleteUpTo.run({ upTo, last }).changes;
    },
  };
}
export type EventsStore = ReturnType<typeof createEventsStore>;
