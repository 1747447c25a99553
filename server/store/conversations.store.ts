import type { Db } from '../../db/open-db';
import type {
  ConversationKind,
  ConversationRow,
  MemberRow,
  MembershipRow,
  NotifyLevel,
  RoomRow,
} from './conversation-rows';
import type { WriteTx } from './write-tx';

const CONVERSATION_COLUMNS = `c.id, c.kind, c.name, c.topic, c.created_by, c.created_at, c.user_lo,
  c.user_hi, c.last_message_id, c.is_default`;

/**
 * Exported so store/rooms-query-plans.test.ts checks their plans. `= +:param`: not prepared
 * again on every run (see CHAT_SQL; store/live-reprepare.test.ts).
 */
export const CONVERSATIONS_SQL = {
  members: 'SELECT user_id FROM conversation_members WHERE conversation_id = +:id',
  mine: `SELECT ${CONVERSATION_COLUMNS}, cm.last_read_id, cm.notify, cm.muted,
       (SELECT COUNT(*) FROM conversation_members x WHERE x.conversation_id = c.id) AS member_count,
       (SELECT m.created_at FROM messages m WHERE m.id = c.last_message_id) AS last_message_at
     FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
     WHERE cm.user_id = +:me`,
  // Others' messages after the pointer, not deleted: an index range from the pointer on.
  unread: `SELECT COUNT(*) FROM messages
     WHERE conversation_id = +:id AND id > +:after AND sender_id != +:me AND deleted_at IS NULL`,
  // (mentions) My mention notifications for messages after the pointer: a few rows of mine.
  mentionsUnread: `SELECT COUNT(*) FROM notifications
     WHERE user_id = +:me AND kind = 'mention' AND message_id > +:after
       AND message_id IN (SELECT id FROM messages WHERE conversation_id = +:id)`,
  unreadUpTo: `SELECT COUNT(*) FROM messages
     WHERE conversation_id = +:id AND id > +:after AND id <= +:upTo AND sender_id != +:me
       AND deleted_at IS NULL`,
  // Only conversations whose last message is after the pointer are looked into.
  unreadAll: `SELECT c.id, c.kind, c.user_lo, c.user_hi,
       (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.id > cm.last_read_id
          AND m.sender_id != +:me AND m.deleted_at IS NULL) AS n
     FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
     WHERE cm.user_id = +:me AND c.last_message_id > cm.last_read_id`,
  rooms: `SELECT ${CONVERSATION_COLUMNS},
       (SELECT COUNT(*) FROM conversation_members x WHERE x.conversation_id = c.id) AS member_count,
       EXISTS (SELECT 1 FROM conversation_members x
               WHERE x.conversation_id = c.id AND x.user_id = +:me) AS joined
     FROM conversations c WHERE c.kind = 'room' ORDER BY c.name COLLATE NOCASE`,
  memberList: `SELECT cm.user_id, u.nickname, u.role, cm.joined_at FROM conversation_members cm
     JOIN users u ON u.id = cm.user_id WHERE cm.conversation_id = +:id
     ORDER BY u.nickname COLLATE NOCASE`,
} as const;

export function createConversationsStore(db: Db) {
  const byId = db.prepare<{ id: number }, ConversationRow>(
    `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = +:id`,
  );
  const direct = db
    .prepare<{ lo: number; hi: number }, number>(
      `SELECT id FROM conversations WHERE kind = 'direct' AND user_lo = +:lo AND user_hi = +:hi`,
    )
    .pluck();
  const defaultRoom = db
    .prepare<[], number>('SELECT id FROM conversations WHERE is_default = 1')
    .pluck();
  const insert = db
    .prepare<
      {
        kind: ConversationKind;
        name: string | null;
        topic: string;
        createdBy: number | null;
        createdAt: string;
        lo: number | null;
        hi: number | null;
      },
      number
    >(
      `INSERT INTO conversations (kind, name, topic, created_by, created_at, user_lo, user_hi)
       VALUES (:kind, :name, :topic, :createdBy, :createdAt, :lo, :hi) RETURNING id`,
    )
    .pluck();
  // A new pair's conversation, or nothing when the pair has one (conversations_direct):
  // the first message of a pair costs no lookup first.
  const insertDirect = db
    .prepare<{ lo: number; hi: number; createdBy: number; createdAt: string }, number>(
      `INSERT INTO conversations (kind, name, topic, created_by, created_at, user_lo, user_hi)
       VALUES ('direct', NULL, '', :createdBy, :createdAt, :lo, :hi)
       ON CONFLICT DO NOTHING RETURNING id`,
    )
    .pluck();
  // Its two members in one statement (one row when someone writes to themselves), each
  // naming the other (peer_id: the contacts, db migration 019).
  const addPair = db.prepare<{ id: number; lo: number; hi: number; at: string }, never>(
    `INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_read_id, peer_id)
     VALUES (:id, :lo, :at, 0, :hi), (:id, :hi, :at, 0, :lo) ON CONFLICT DO NOTHING`,
  );
  const update = db.prepare<{ id: number; name: string | null; topic: string }, never>(
    'UPDATE conversations SET name = :name, topic = :topic WHERE id = +:id',
  );
  const touch = db.prepare<{ id: number; messageId: number }, never>(
    'UPDATE conversations SET last_message_id = :messageId WHERE id = +:id',
  );
  const members = db.prepare<{ id: number }, number>(CONVERSATIONS_SQL.members).pluck();
  const memberCount = db
    .prepare<{ id: number }, number>(
      'SELECT COUNT(*) FROM conversation_members WHERE conversation_id = +:id',
    )
    .pluck();
  const membership = db.prepare<
    { id: number; userId: number },
    { last_read_id: number; notify: NotifyLevel | null; muted: number }
  >(
    `SELECT last_read_id, notify, muted FROM conversation_members
     WHERE conversation_id = +:id AND user_id = +:userId`,
  );
  const addMember = db.prepare<
    { id: number; userId: number; at: string; lastReadId: number },
    never
  >(
    `INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_read_id)
     VALUES (:id, :userId, :at, :lastReadId) ON CONFLICT DO NOTHING`,
  );
  const removeMember = db.prepare<{ id: number; userId: number }, never>(
    'DELETE FROM conversation_members WHERE conversation_id = +:id AND user_id = +:userId',
  );
  const openSpan = db.prepare<{ id: number; userId: number; from: number }, never>(
    `INSERT INTO conversation_spans (user_id, conversation_id, from_event_id)
     VALUES (:userId, :id, :from) ON CONFLICT DO NOTHING`,
  );
  const closeSpan = db.prepare<{ id: number; userId: number; to: number }, never>(
    `UPDATE conversation_spans SET to_event_id = :to
     WHERE user_id = +:userId AND conversation_id = +:id AND to_event_id IS NULL`,
  );
  const setPointer = db.prepare<{ id: number; userId: number; upTo: number }, never>(
    `UPDATE conversation_members SET last_read_id = :upTo
     WHERE conversation_id = +:id AND user_id = +:userId AND last_read_id < +:upTo`,
  );
  const setPrefs = db.prepare<
    { id: number; userId: number; notify: NotifyLevel | null; muted: number },
    never
  >(
    `UPDATE conversation_members SET notify = :notify, muted = :muted
     WHERE conversation_id = +:id AND user_id = +:userId`,
  );
  const mine = db.prepare<{ me: number }, MembershipRow>(CONVERSATIONS_SQL.mine);
  const mineOne = db.prepare<{ me: number; id: number }, MembershipRow>(
    `${CONVERSATIONS_SQL.mine} AND cm.conversation_id = +:id`,
  );
  const unread = db
    .prepare<{ id: number; after: number; me: number }, number>(CONVERSATIONS_SQL.unread)
    .pluck();
  const mentionsUnread = db
    .prepare<{ id: number; after: number; me: number }, number>(CONVERSATIONS_SQL.mentionsUnread)
    .pluck();
  const unreadUpTo = db
    .prepare<{ id: number; after: number; upTo: number; me: number }, number>(
      CONVERSATIONS_SQL.unreadUpTo,
    )
    .pluck();
  const unreadAll = db.prepare<
    { me: number },
    {
      id: number;
      kind: ConversationKind;
      user_lo: number | null;
      user_hi: number | null;
      n: number;
    }
  >(CONVERSATIONS_SQL.unreadAll);
  const rooms = db.prepare<{ me: number }, RoomRow>(CONVERSATIONS_SQL.rooms);
  const memberList = db.prepare<{ id: number }, MemberRow>(CONVERSATIONS_SQL.memberList);

  return {
    get: (id: number): ConversationRow | undefined => byId.get({ id }),
    /** The private conversation of two people, if they ever exchanged a message. */
    direct: (a: number, b: number): number | undefined =>
      direct.get({ lo: Math.min(a, b), hi: Math.max(a, b) }),
    defaultRoom: (): number | undefined => defaultRoom.get(),
    create: (
      _tx: WriteTx,
      c: {
        kind: ConversationKind;
        name: string | null;
        topic: string;
        createdBy: number | null;
        createdAt: string;
        pair?: [number, number];
      },
    ): number =>
      insert.get({
        kind: c.kind,
        name: c.name,
        topic: c.topic,
        createdBy: c.createdBy,
        createdAt: c.createdAt,
        lo: c.pair ? Math.min(...c.pair) : null,
        hi: c.pair ? Math.max(...c.pair) : null,
      })!,
    /**
     * The private conversation of two people with both as members, made at their first
     * message; undefined (nothing written) when they already have one.
     */
    createDirect: (
      _tx: WriteTx,
      c: { pair: [number, number]; createdBy: number; createdAt: string },
    ): number | undefined => {
      const lo = Math.min(...c.pair);
      const hi = Math.max(...c.pair);
      const id = insertDirect.get({ lo, hi, createdBy: c.createdBy, createdAt: c.createdAt });
      if (id !== undefined) addPair.run({ id, lo, hi, at: c.createdAt });
      return id;
    },
    update: (_tx: WriteTx, id: number, name: string | null, topic: string): void => {
      update.run({ id, name, topic });
    },
    touch: (_tx: WriteTx, id: number, messageId: number): void => {
      touch.run({ id, messageId });
    },
    members: (id: number): number[] => members.all({ id }),
    memberCount: (id: number): number => memberCount.get({ id }) ?? 0,
    memberList: (id: number): MemberRow[] => memberList.all({ id }),
    membership: (id: number, userId: number) => membership.get({ id, userId }),
    isMember: (id: number, userId: number): boolean => membership.get({ id, userId }) !== undefined,
    /** Adds a member (no-op if already one); returns whether they were added. */
    addMember: (
      _tx: WriteTx,
      q: { id: number; userId: number; at: string; lastReadId: number },
    ): boolean => addMember.run(q).changes > 0,
    removeMember: (_tx: WriteTx, id: number, userId: number): boolean =>
      removeMember.run({ id, userId }).changes > 0,
    /** A group or room member sees the conversation's events after `fromEventId`. */
    openSpan: (_tx: WriteTx, id: number, userId: number, fromEventId: number): void => {
      openSpan.run({ id, userId, from: fromEventId });
    },
    /** … up to and including `toEventId` (they left or were removed). */
    closeSpan: (_tx: WriteTx, id: number, userId: number, toEventId: number): void => {
      closeSpan.run({ id, userId, to: toEventId });
    },
    /**
     * Moves `userId`'s read pointer forward to `upTo` (never back); returns how many unread
     * messages that read (0: nothing changed for their counts).
     */
    markRead: (_tx: WriteTx, id: number, userId: number, upTo: number): number => {
      const m = membership.get({ id, userId });
      // Never past the last message: a later one must still count as unread.
      const to = Math.min(upTo, byId.get({ id })?.last_message_id ?? 0);
      if (!m || m.last_read_id >= to) return 0;
      const read = unreadUpTo.get({ id, after: m.last_read_id, upTo: to, me: userId }) ?? 0;
      setPointer.run({ id, userId, upTo: to });
      return read;
    },
    setPrefs: (
      _tx: WriteTx,
      id: number,
      userId: number,
      notify: NotifyLevel | null,
      muted: boolean,
    ): void => {
      setPrefs.run({ id, userId, notify, muted: muted ? 1 : 0 });
    },
    mine: (me: number): MembershipRow[] => mine.all({ me }),
    mineOne: (me: number, id: number): MembershipRow | undefined => mineOne.get({ me, id }),
    unread: (id: number, me: number, after: number): number => unread.get({ id, after, me }) ?? 0,
    /** How many messages after `after` mention `me` (a mention notification each). */
    mentionsUnread: (id: number, me: number, after: number): number =>
      mentionsUnread.get({ id, after, me }) ?? 0,
    /** Every conversation of `me` with unread messages, and how many. */
    unreadAll: (me: number) => unreadAll.all({ me }).filter((r) => r.n > 0),
    rooms: (me: number): RoomRow[] => rooms.all({ me }),
  };
}
export type ConversationsStore = ReturnType<typeof createConversationsStore>;
