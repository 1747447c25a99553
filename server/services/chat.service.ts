import {
  userTextFault,
  type ChatHistory,
  type ChatMessage,
  type RosterEntry,
  type UnreadCounts,
} from '../../common/api';
import type { ErrorCode } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import { isDatabaseBusy, withBusyTimeout, type Db } from '../../db/open-db';
import { AppError } from '../errors/app-error';
import type { DurableEvent, EventLog } from '../events/event-log';
import type { Logger } from '../logging/logger';
import type { ChatStore } from '../store/chat.store';

const CHAT_TEXT_FAULTS = {
  invisible: 'The message is empty.',
  malformed: 'The message contains invalid characters.',
  control: 'The message contains control characters.',
} as const;

/** A validated `chat.send` waiting for the next group commit. */
export interface ChatSend {
  senderId: number;
  to: number;
  /** Trimmed, 1–5,000 characters. */
  body: string;
  clientId: string;
}

/** A `chat.read` waiting for the next group commit. */
export interface ChatRead {
  reader: number;
  peer: number;
  upTo: number;
}

/** What the group commit writes: sends and read marks, in arrival order. */
export type ChatWrite = { send: ChatSend } | { read: ChatRead };

export type ChatSendOutcome =
  /** Stored now; `event` is its event-log entry, to deliver to both sides. */
  | { kind: 'sent'; send: ChatSend; message: ChatMessage; event: DurableEvent }
  /** A retry of a message already stored: the same message, the same event. */
  | { kind: 'duplicate'; send: ChatSend; message: ChatMessage; eventId: number | null }
  | { kind: 'failed'; send: ChatSend; code: ErrorCode; message: string };

export type ChatWriteOutcome = ChatSendOutcome | { kind: 'read'; read: ChatRead; changed: number };

export type SendCheck =
  | { ok: true; body: string }
  | {
      ok: false;
      code: 'VALIDATION_FAILED' | 'CANNOT_MESSAGE_SELF' | 'UNKNOWN_RECIPIENT';
      message: string;
    };

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

const sqliteCode = (err: unknown): string =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : '';

const isForeignKeyViolation = (err: unknown): boolean =>
  sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY';

/** A write that one row of the batch made impossible (a recipient deleted meanwhile). */
const isConstraintViolation = (err: unknown): boolean =>
  sqliteCode(err).startsWith('SQLITE_CONSTRAINT');

const CLIENT_ID_REUSED =
  'This clientId was already used for another message: use a new clientId for each message.';

/** Private messages: validation, group-committed sends, history, the roster, read marks. */
export class ChatService {
  private readonly commitBatch: (writes: readonly ChatWrite[]) => ChatWriteOutcome[];
  private readonly knownUsers = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly chat: ChatStore,
    private readonly events: EventLog,
    private readonly clock: () => number,
    private readonly log: Logger,
  ) {
    const tx = db.transaction((writes: readonly ChatWrite[]) => this.writeAll(writes));
    // IMMEDIATE takes the write lock up front: the batch never fails half-way for a lock.
    this.commitBatch = (writes) => tx.immediate(writes);
  }

  /**
   * Whether a user exists. Positive answers are remembered (accounts are never deleted
   * through the API); a user removed by hand is still caught by the foreign key at commit.
   */
  exists(userId: number): boolean {
    if (this.knownUsers.has(userId)) return true;
    const found = this.chat.nicknameOf(userId) !== undefined;
    if (found) this.knownUsers.add(userId);
    return found;
  }

  /** A user id `senderId` may talk to (type to, mark read): not themselves, and someone who exists. */
  checkPeer(
    senderId: number,
    peer: number,
  ):
    | { ok: true }
    | { ok: false; code: 'CANNOT_MESSAGE_SELF' | 'UNKNOWN_RECIPIENT'; message: string } {
    if (peer === senderId) {
      return {
        ok: false,
        code: 'CANNOT_MESSAGE_SELF',
        message: 'You cannot send a message to yourself.',
      };
    }
    if (!this.exists(peer)) {
      return { ok: false, code: 'UNKNOWN_RECIPIENT', message: `There is no user ${peer}.` };
    }
    return { ok: true };
  }

  /** The checks made before a send is queued; each failure has its own code. */
  checkSend(senderId: number, to: number, rawBody: string): SendCheck {
    const body = rawBody.trim();
    if (body.length === 0) {
      return { ok: false, code: 'VALIDATION_FAILED', message: 'The message is empty.' };
    }
    if (body.length > LIMITS.chatBody.max) {
      return {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: `A message can be at most ${LIMITS.chatBody.max} characters (this one has ${body.length}).`,
      };
    }
    const fault = userTextFault(body);
    if (fault !== null) {
      return { ok: false, code: 'VALIDATION_FAILED', message: CHAT_TEXT_FAULTS[fault] };
    }
    if (to === senderId) {
      return {
        ok: false,
        code: 'CANNOT_MESSAGE_SELF',
        message: 'You cannot send a message to yourself.',
      };
    }
    if (!this.exists(to)) {
      return { ok: false, code: 'UNKNOWN_RECIPIENT', message: `There is no user ${to}.` };
    }
    return { ok: true, body };
  }

  /**
   * Stores a batch of sends and read marks in ONE transaction (one fsync for all of them):
   * each message, its event-log row and its conversation's last-message pointer commit
   * together, before anything is delivered. A retry (same sender and clientId, stored earlier
   * or earlier in the batch) returns the stored message.
   *
   * Returns one outcome per write, in order, for a PREFIX of `writes`: the writes after it
   * were not attempted because another connection (an admin's sqlite3) holds the write lock
   * and `lockWaitMs` passed. Nothing of them was written; the caller commits them later. So
   * a locked database costs the event loop one short wait, not one per write.
   *
   * If the batch fails on a constraint (a recipient deleted meanwhile), each write is retried
   * alone so one bad send cannot sink the others; any other failure (disk full, I/O) fails
   * every write of the batch, logged once.
   */
  commit(writes: readonly ChatWrite[], options: { lockWaitMs?: number } = {}): ChatWriteOutcome[] {
    if (writes.length === 0) return [];
    const { lockWaitMs } = options;
    if (lockWaitMs === undefined) return this.commitOrSplit(writes);
    return withBusyTimeout(this.db, lockWaitMs, () => this.commitOrSplit(writes));
  }

  private commitOrSplit(writes: readonly ChatWrite[]): ChatWriteOutcome[] {
    try {
      return this.commitBatch(writes);
    } catch (err) {
      if (isDatabaseBusy(err)) return [];
      if (writes.length === 1 || !isConstraintViolation(err)) {
        this.log.error('chat writes failed', { count: writes.length, err });
        return writes.map((write) => this.failure(write, err));
      }
      this.log.warn('chat batch failed on a constraint, retrying its writes one by one', {
        count: writes.length,
        err,
      });
      const outcomes: ChatWriteOutcome[] = [];
      for (const write of writes) {
        try {
          outcomes.push(this.commitBatch([write])[0]!);
        } catch (e) {
          if (isDatabaseBusy(e)) break; // the rest is committed later
          if (!isConstraintViolation(e)) this.log.error('chat write failed', { err: e });
          outcomes.push(this.failure(write, e));
        }
      }
      return outcomes;
    }
  }

  history(me: number, peer: number, q: { before?: number; limit: number }): ChatHistory {
    if (peer === me) {
      throw new AppError('CANNOT_MESSAGE_SELF', 'There is no conversation with yourself.');
    }
    if (!this.exists(peer)) throw new AppError('NOT_FOUND', `There is no user ${peer}.`);
    // One extra row tells whether an older page exists, without a COUNT.
    const rows = this.chat.history(me, peer, q.before ?? Number.MAX_SAFE_INTEGER, q.limit + 1);
    const hasMore = rows.length > q.limit;
    return { items: rows.slice(0, q.limit).reverse(), hasMore };
  }

  /**
   * Everyone but `me`: the latest conversation first (message sent or received), then people
   * never messaged, alphabetically and case-insensitively (the UI's collation: "bo2" before
   * "bo10"), ties by id.
   */
  roster(me: number, isOnline: (userId: number) => boolean): RosterEntry[] {
    const unread = this.unreadChats(me);
    const rows = this.chat.roster(me);
    rows.sort((a, b) => {
      if (a.last_message_id !== b.last_message_id) {
        if (a.last_message_id === null) return 1;
        if (b.last_message_id === null) return -1;
        return b.last_message_id - a.last_message_id;
      }
      return (
        collator.compare(a.nickname, b.nickname) ||
        a.nickname.toLowerCase().localeCompare(b.nickname.toLowerCase()) ||
        a.id - b.id
      );
    });
    return rows.map((r) => ({
      id: r.id,
      nickname: r.nickname,
      online: isOnline(r.id),
      lastMessageAt: r.last_message_at,
      lastMessagePreview: r.last_message_preview,
      unread: unread[String(r.id)] ?? 0,
    }));
  }

  /** Unread messages per sender (only senders with some). */
  unreadChats(me: number): UnreadCounts['chats'] {
    const chats: UnreadCounts['chats'] = {};
    for (const r of this.chat.unreadBySender(me)) chats[String(r.sender_id)] = r.n;
    return chats;
  }

  /** The people `me` has exchanged messages with. */
  contacts(me: number): number[] {
    return this.chat.contacts(me);
  }

  /** Runs inside the IMMEDIATE transaction: two statements per new message, plus its thread. */
  private writeAll(writes: readonly ChatWrite[]): ChatWriteOutcome[] {
    const createdAt = new Date(this.clock()).toISOString();
    const inBatch = new Map<string, ChatSendOutcome & { kind: 'sent' | 'duplicate' }>();
    const outcomes: ChatWriteOutcome[] = [];
    // We hold the write lock: the next event ids are ours to hand out, so each message row
    // can name its event from the start.
    let nextEventId = this.events.lastId() + 1;
    for (const write of writes) {
      if ('read' in write) {
        const { reader, peer, upTo } = write.read;
        outcomes.push({
          kind: 'read',
          read: write.read,
          changed: this.chat.markRead(reader, peer, upTo),
        });
        continue;
      }
      const { send } = write;
      const key = `${send.senderId}:${send.clientId}`;
      const prior = inBatch.get(key);
      const id =
        prior === undefined
          ? this.chat.insert({
              senderId: send.senderId,
              recipientId: send.to,
              body: send.body,
              clientId: send.clientId,
              createdAt,
              eventId: nextEventId,
            })
          : undefined;
      if (id === undefined) {
        // A retry: of a send earlier in this batch, or of one stored before. The same
        // clientId for another recipient or text is a client bug, not a retry: saying "sent"
        // would hide that the new message was never stored.
        const duplicate = prior ? this.again(send, prior) : this.stored(send);
        if (duplicate.message.to !== send.to || duplicate.message.body !== send.body) {
          outcomes.push({
            kind: 'failed',
            send,
            code: 'VALIDATION_FAILED',
            message: CLIENT_ID_REUSED,
          });
          continue;
        }
        inBatch.set(key, duplicate);
        outcomes.push(duplicate);
        continue;
      }
      const message: ChatMessage = {
        id,
        from: send.senderId,
        to: send.to,
        body: send.body,
        createdAt,
        clientId: send.clientId,
      };
      const event = this.events.append(
        'chat.message',
        message,
        [send.senderId, send.to],
        nextEventId++,
      );
      const sent = { kind: 'sent', send, message, event } as const;
      inBatch.set(key, sent);
      outcomes.push(sent);
    }
    return outcomes;
  }

  private again(
    send: ChatSend,
    prior: ChatSendOutcome & { kind: 'sent' | 'duplicate' },
  ): ChatSendOutcome & { kind: 'duplicate' } {
    const eventId = prior.kind === 'sent' ? prior.event.id : prior.eventId;
    return { kind: 'duplicate', send, message: prior.message, eventId };
  }

  private stored(send: ChatSend): ChatSendOutcome & { kind: 'duplicate' } {
    const found = this.chat.byClientId(send.senderId, send.clientId);
    if (!found) throw new Error('a clientId conflict without a stored message');
    return { kind: 'duplicate', send, message: found.message, eventId: found.eventId };
  }

  /** The outcome of a write that failed with `err` (already logged by the caller). */
  private failure(write: ChatWrite, err: unknown): ChatWriteOutcome {
    if ('read' in write) return { kind: 'read', read: write.read, changed: 0 };
    const { send } = write;
    if (isForeignKeyViolation(err)) {
      return {
        kind: 'failed',
        send,
        code: 'UNKNOWN_RECIPIENT',
        message: `There is no user ${send.to}.`,
      };
    }
    return {
      kind: 'failed',
      send,
      code: 'INTERNAL',
      message: 'The message could not be stored. Try again.',
    };
  }
}
