import type { ChatMessage } from '../../common/api';
import type { ErrorCode } from '../../common/errors';
import { withBusyTimeout, type Db } from '../../db/open-db';
import {
  isConstraintViolation,
  isDatabaseBusy,
  isForeignKeyViolation,
} from '../../db/sqlite-errors';
import type { DurableEvent } from '../events/event-log';
import type { Transaction, Writer } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { ChatStore } from '../store/chat.store';
import type { ConversationsStore } from '../store/conversations.store';
import type { MentionsNotifier } from './mentions.service';
import { AppError } from '../errors/app-error';
import type { FilesService } from './files.service';

/** A validated `chat.send` waiting for the next group commit. */
export interface ChatSend {
  senderId: number;
  /** The other person of a private message; 0 for a group or room. */
  to: number;
  /** (rooms) The group or room it goes to; null or absent for a private message. */
  conversationId?: number | null;
  /** Trimmed, 1–5,000 characters (0 when there are attachments). */
  body: string;
  clientId: string;
  /** Upload ids to attach (issue 12), checked in the transaction. */
  attachments?: readonly number[];
}

/** A `chat.read` waiting for the next group commit. */
export interface ChatRead {
  reader: number;
  /** The other person (private messages); 0 when `conversationId` says where. */
  peer: number;
  /** (rooms) The conversation read; null or absent: the private one with `peer`. */
  conversationId?: number | null;
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

const NOT_MEMBER = 'You are not a member of this conversation.';

const CLIENT_ID_REUSED =
  'This clientId was already used for another message: use a new clientId for each message.';

/**
 * The chat group commit's storage side (live/group-commit.ts queues the writes): many sends
 * and read marks in one transaction, idempotent by clientId, published after the commit.
 */
export class ChatCommitter {
  /**
   * Private conversations by their two people ("lo:hi" → id), learnt from committed batches
   * only: a direct conversation is never deleted nor changes its pair, so a committed answer
   * stays true and a send skips the lookup. One made in a batch that rolled back is never here.
   */
  private readonly directs = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly chat: ChatStore,
    private readonly conversations: ConversationsStore,
    private readonly writer: Writer,
    private readonly clock: () => number,
    private readonly log: Logger,
    /** @mentions (issue 12); absent in tests that build the committer alone. */
    private readonly mentions?: MentionsNotifier,
    private readonly files?: FilesService,
  ) {}

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

  /**
   * One batch in one IMMEDIATE transaction (the write lock up front: it never fails half-way
   * for a lock), published after the commit: the messages to both sides, the read marks'
   * unread counts.
   */
  private commitBatch(writes: readonly ChatWrite[]): ChatWriteOutcome[] {
    const learnt = new Map<string, number>();
    const outcomes = this.writer.write((tx) => this.writeAll(tx, writes, learnt), {
      immediate: true,
    });
    // Committed: what the batch found or made is true from now on.
    for (const [key, id] of learnt) this.directs.set(key, id);
    return outcomes;
  }

  /**
   * The private conversation of two people, if any: remembered, else looked up (in the open
   * transaction, so one made earlier in this batch is found) and noted in `learnt`, which
   * the caller keeps only if the batch commits.
   */
  private directOf(a: number, b: number, learnt: Map<string, number>): number | undefined {
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    const known = this.directs.get(key) ?? learnt.get(key);
    if (known !== undefined) return known;
    const found = this.conversations.direct(a, b);
    if (found !== undefined) learnt.set(key, found);
    return found;
  }

  /** In the IMMEDIATE transaction: two statements per new message, plus its thread. */
  private writeAll(
    tx: Transaction,
    writes: readonly ChatWrite[],
    learnt: Map<string, number>,
  ): ChatWriteOutcome[] {
    const createdAt = new Date(this.clock()).toISOString();
    const inBatch = new Map<string, ChatSendOutcome & { kind: 'sent' | 'duplicate' }>();
    const outcomes: ChatWriteOutcome[] = [];
    for (const write of writes) {
      if ('read' in write) {
        const { reader, peer, upTo } = write.read;
        const conversationId = write.read.conversationId ?? this.directOf(reader, peer, learnt);
        const changed =
          conversationId === undefined
            ? 0
            : this.conversations.markRead(tx, conversationId, reader, upTo);
        // A repeated read changes nothing and pushes nothing.
        if (changed > 0) tx.unreadChanged(reader);
        // (issue 13) Reading past a message that mentions you reads that mention too.
        if (conversationId !== undefined) this.mentions?.readUpTo(tx, reader, conversationId, upTo);
        outcomes.push({ kind: 'read', read: write.read, changed });
        continue;
      }
      const { send } = write;
      const key = `${send.senderId}:${send.clientId}`;
      const prior = inBatch.get(key);
      // The message row names its event, whose payload names the message: the log says
      // which id the event will get (we hold the write lock).
      const refused = prior === undefined ? this.unattachable(send) : null;
      if (refused) {
        outcomes.push({ kind: 'failed', send, code: refused.code, message: refused.message });
        continue;
      }
      const conversationId =
        prior === undefined ? this.conversationFor(tx, send, createdAt, learnt) : undefined;
      if (prior === undefined && conversationId === undefined) {
        // Removed (or left) between the check and the commit.
        outcomes.push({ kind: 'failed', send, code: 'NOT_MEMBER', message: NOT_MEMBER });
        continue;
      }
      const eventId = prior === undefined ? tx.nextEventId() : 0;
      const id =
        conversationId !== undefined
          ? this.chat.insert(tx, {
              conversationId,
              senderId: send.senderId,
              recipientId: (send.conversationId ?? null) === null ? send.to : null,
              body: send.body,
              clientId: send.clientId,
              createdAt,
              eventId,
            })
          : undefined;
      if (id === undefined) {
        // A retry: of a send earlier in this batch, or of one stored before. The same
        // clientId for another recipient or text is a client bug, not a retry: saying "sent"
        // would hide that the new message was never stored.
        const duplicate = prior ? this.again(send, prior) : this.stored(send);
        if (
          duplicate.message.to !== send.to ||
          (duplicate.message.conversationId ?? null) !== (send.conversationId ?? null) ||
          duplicate.message.body !== send.body
        ) {
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
        editedAt: null,
        deleted: false,
      };
      const attachments =
        this.files?.attach(tx, send.senderId, 'message', id, send.attachments ?? []) ?? [];
      if (attachments.length > 0) message.attachments = attachments;
      const room = send.conversationId ?? null;
      if (room !== null) message.conversationId = room;
      // A private message goes to its two people (what its conversation resolves to anyway).
      const event = tx.event(
        'chat.message',
        message,
        room === null ? [send.senderId, send.to] : { conversationId: room },
      );
      if (event.id !== eventId) throw new Error(`chat event ${event.id}, expected ${eventId}`);
      // In a private message only its recipient could be mentioned, and the message itself
      // tells them (mention-policy's alreadyTold). In a group or room a mention is news even
      // to members who get the message: it notifies whatever their room's level.
      // No `@`, no mention (common/mentions.ts): most messages skip the notifier's lookups.
      if (send.body.includes('@'))
        this.mentions?.notify(tx, {
          actor: { id: send.senderId },
          place: { kind: 'message', messageId: id },
          before: null,
          after: send.body,
          createdAt,
          alreadyTold: new Set(room === null ? [send.to] : []),
        });
      const sent = { kind: 'sent', send, message, event } as const;
      inBatch.set(key, sent);
      outcomes.push(sent);
    }
    return outcomes;
  }

  /**
   * Where a send goes: the group or room it names, if the sender is still a member; else the
   * private conversation of the two people, made at their first message.
   */
  private conversationFor(
    tx: Transaction,
    send: ChatSend,
    at: string,
    learnt: Map<string, number>,
  ): number | undefined {
    if (send.conversationId !== undefined && send.conversationId !== null) {
      return this.conversations.isMember(send.conversationId, send.senderId)
        ? send.conversationId
        : undefined;
    }
    const { senderId, to } = send;
    const key = senderId < to ? `${senderId}:${to}` : `${to}:${senderId}`;
    const known = this.directs.get(key) ?? learnt.get(key);
    if (known !== undefined) return known;
    // Not known: most likely a new pair (made in two statements, no lookup first); else
    // the pair's conversation is looked up once and remembered.
    const id =
      this.conversations.createDirect(tx, {
        pair: [senderId, to],
        createdBy: senderId,
        createdAt: at,
      }) ?? this.conversations.direct(senderId, to);
    if (id !== undefined) learnt.set(key, id);
    return id;
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
    const attachments = this.files?.forItem('message', found.message.id) ?? [];
    const message = attachments.length > 0 ? { ...found.message, attachments } : found.message;
    return { kind: 'duplicate', send, message, eventId: found.eventId };
  }

  /**
   * A new send's uploads must be the sender's own and unattached. A retry (its clientId
   * already stored) skips the check: its uploads are attached to the stored message.
   */
  private unattachable(send: ChatSend): AppError | null {
    if (!this.files || !send.attachments?.length) return null;
    if (this.chat.byClientId(send.senderId, send.clientId)) return null;
    try {
      this.files.assertAttachable(send.senderId, send.attachments);
      return null;
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
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
