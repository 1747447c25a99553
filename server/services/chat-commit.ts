import type { ChatMessage } from '../../common/api';
import type { ErrorCode } from '../../common/errors';
import { withBusyTimeout, type Db } from '../../db/open-db';
import {
  isConstraintViolation,
  isDatabaseBusy,
  isForeignKeyViolation,
} from '../../db/sqlite-errors';
import type { DurableEvent } from '../events/event-log';
import type { Writer } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { ChatStore } from '../store/chat.store';
import type { ConversationsStore } from '../store/conversations.store';
import { ChatBatchWriter } from './chat-batch-writer';
import { DirectConversations, type LearntDirects } from './direct-conversations';
import type { FilesService } from './files.service';
import type { MentionsNotifier } from './mentions.service';

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

/**
 * The chat group commit's storage side (live/group-commit.ts queues the writes): many sends
 * and read marks in one transaction (what each writes: chat-batch-writer.ts), idempotent by
 * clientId, published after the commit; a locked database or a failing write handled here.
 */
export class ChatCommitter {
  /** Private conversations by their two people, learnt from committed batches only. */
  private readonly directs: DirectConversations;
  private readonly batch: ChatBatchWriter;

  constructor(
    private readonly db: Db,
    chat: ChatStore,
    conversations: ConversationsStore,
    private readonly writer: Writer,
    clock: () => number,
    private readonly log: Logger,
    /** @mentions (issue 12); absent in tests that build the committer alone. */
    mentions?: MentionsNotifier,
    files?: FilesService,
  ) {
    this.directs = new DirectConversations(conversations);
    this.batch = new ChatBatchWriter(chat, conversations, this.directs, clock, mentions, files);
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

  /**
   * One batch in one IMMEDIATE transaction (the write lock up front: it never fails half-way
   * for a lock), published after the commit: the messages to both sides, the read marks'
   * unread counts.
   */
  private commitBatch(writes: readonly ChatWrite[]): ChatWriteOutcome[] {
    const learnt: LearntDirects = new Map();
    const outcomes = this.writer.write((tx) => this.batch.writeAll(tx, writes, learnt), {
      immediate: true,
    });
    // Committed: what the batch found or made is true from now on.
    this.directs.keep(learnt);
    return outcomes;
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
