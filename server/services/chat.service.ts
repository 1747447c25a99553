import {
  userTextFault,
  type ChatHistory,
  type RosterEntry,
  type UnreadCounts,
} from '../../common/api';
import { LIMITS } from '../../common/limits';
import { sortRoster } from '../../common/roster-order';
import type { Db } from '../../db/open-db';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { ChatStore } from '../store/chat.store';
import { ChatCommitter, type ChatWrite, type ChatWriteOutcome } from './chat-commit';
import type { FilesService } from './files.service';

// The group commit (live/group-commit.ts) imports these from here.
export type {
  ChatRead,
  ChatSend,
  ChatSendOutcome,
  ChatWrite,
  ChatWriteOutcome,
} from './chat-commit';

const CHAT_TEXT_FAULTS = {
  invisible: 'The message is empty.',
  malformed: 'The message contains invalid characters.',
  control: 'The message contains control characters.',
} as const;

/** Whether `senderId` may message `peer` (the one rule, for sends and the live layer). */
export type PeerCheck =
  { ok: true } | { ok: false; code: 'CANNOT_MESSAGE_SELF' | 'UNKNOWN_RECIPIENT'; message: string };

export type SendCheck =
  | { ok: true; body: string }
  | {
      ok: false;
      code: 'VALIDATION_FAILED' | 'CANNOT_MESSAGE_SELF' | 'UNKNOWN_RECIPIENT';
      message: string;
    };

/** Private messages: validation, group-committed sends, history, the roster, read marks. */
export class ChatService {
  private readonly knownUsers = new Set<number>();
  private readonly committer: ChatCommitter;

  constructor(
    db: Db,
    private readonly chat: ChatStore,
    writer: Writer,
    clock: () => number,
    log: Logger,
    /** Who is connected now (the live layer, through context.live). */
    private readonly presence: { isOnline(userId: number): boolean },
    /** Attachments (issue 12); absent in tests of chat alone. */
    private readonly files?: FilesService,
  ) {
    this.committer = new ChatCommitter(db, chat, writer, clock, log, files);
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

  /** Whether `senderId` may message `peer`: not themselves, and someone who exists. */
  checkPeer(senderId: number, peer: number): PeerCheck {
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
  checkSend(
    senderId: number,
    to: number,
    rawBody: string,
    /** With attachments (a pasted screenshot), the text may be empty. */
    attachments: readonly number[] = [],
  ): SendCheck {
    const body = rawBody.trim();
    if (body.length === 0 && attachments.length > 0) {
      const peer = this.checkPeer(senderId, to);
      return peer.ok ? { ok: true, body } : peer;
    }
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
    const peer = this.checkPeer(senderId, to);
    return peer.ok ? { ok: true, body } : peer;
  }

  /**
   * Stores a batch of sends and read marks in one transaction and publishes them; one
   * outcome per write, for a prefix of `writes` when the database is locked (ChatCommitter).
   */
  commit(writes: readonly ChatWrite[], options: { lockWaitMs?: number } = {}): ChatWriteOutcome[] {
    return this.committer.commit(writes, options);
  }

  history(me: number, peer: number, q: { before?: number; limit: number }): ChatHistory {
    if (peer === me) {
      throw new AppError('CANNOT_MESSAGE_SELF', 'There is no conversation with yourself.');
    }
    if (!this.exists(peer)) throw new AppError('NOT_FOUND', `There is no user ${peer}.`);
    // One extra row tells whether an older page exists, without a COUNT.
    const rows = this.chat.history(me, peer, q.before ?? Number.MAX_SAFE_INTEGER, q.limit + 1);
    const hasMore = rows.length > q.limit;
    const items = rows.slice(0, q.limit).reverse();
    return { items: this.files?.withAttachments('message', items) ?? items, hasMore };
  }

  /** Everyone but `me`, in the one roster order both sides follow (`common/roster-order.ts`). */
  roster(me: number): RosterEntry[] {
    const unread = this.unreadChats(me);
    const entries = this.chat.roster(me).map((r) => ({
      id: r.id,
      nickname: r.nickname,
      online: this.presence.isOnline(r.id),
      lastMessageAt: r.last_message_at,
      lastMessageId: r.last_message_id,
      lastMessagePreview: r.last_message_preview,
      unread: unread[String(r.id)] ?? 0,
    }));
    return sortRoster(entries);
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
}
