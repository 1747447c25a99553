import {
  userTextFault,
  type ChatHistory,
  type ChatHistoryQuery,
  type ChatMessage,
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
import { createConversationsStore, type ConversationsStore } from '../store/conversations.store';
import { ChatCommitter, type ChatWrite, type ChatWriteOutcome } from './chat-commit';
import type { MentionsNotifier } from './mentions.service';
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
    /** (rooms) Conversations and read pointers (the context passes its stores' one). */
    private readonly conversations: ConversationsStore = createConversationsStore(db),
    mentions?: MentionsNotifier,
    /** Attachments (issue 12); absent in tests of chat alone. */
    private readonly files?: FilesService,
  ) {
    this.committer = new ChatCommitter(
      db,
      chat,
      conversations,
      writer,
      clock,
      log,
      mentions,
      files,
    );
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

  /**
   * (rooms) Whether `userId` may write in group or room `conversationId` (send, read, type):
   * it exists and they are a member. Private conversations go by the person (`checkPeer`).
   */
  checkMember(
    userId: number,
    conversationId: number,
  ): { ok: true } | { ok: false; code: 'NOT_FOUND' | 'NOT_MEMBER'; message: string } {
    const c = this.conversations.get(conversationId);
    if (!c) {
      return {
        ok: false,
        code: 'NOT_FOUND',
        message: `There is no conversation ${conversationId}.`,
      };
    }
    if (!this.conversations.isMember(conversationId, userId)) {
      return {
        ok: false,
        code: 'NOT_MEMBER',
        message: 'You are not a member of this conversation.',
      };
    }
    if (c.kind === 'direct') {
      // One door per thing: a private conversation is addressed by the person (`to`, `with`).
      return {
        ok: false,
        code: 'NOT_FOUND',
        message: 'Address a private conversation by the person (to).',
      };
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
    const text = this.checkText(rawBody, attachments);
    if (!text.ok) return text;
    const peer = this.checkPeer(senderId, to);
    return peer.ok ? text : peer;
  }

  /**
   * A message's text: trimmed, not empty (unless it carries attachments), within the limit,
   * no invisible or control text.
   */
  checkText(
    rawBody: string,
    attachments: readonly number[] = [],
  ): { ok: true; body: string } | { ok: false; code: 'VALIDATION_FAILED'; message: string } {
    const body = rawBody.trim();
    if (body.length === 0 && attachments.length > 0) return { ok: true, body };
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
    return { ok: true, body };
  }

  /**
   * Stores a batch of sends and read marks in one transaction and publishes them; one
   * outcome per write, for a prefix of `writes` when the database is locked (ChatCommitter).
   */
  commit(writes: readonly ChatWrite[], options: { lockWaitMs?: number } = {}): ChatWriteOutcome[] {
    return this.committer.commit(writes, options);
  }

  history(me: number, peer: number, q: ChatHistoryQuery): ChatHistory {
    if (peer === me) {
      throw new AppError('CANNOT_MESSAGE_SELF', 'There is no conversation with yourself.');
    }
    if (!this.exists(peer)) throw new AppError('NOT_FOUND', `There is no user ${peer}.`);
    const conversationId = this.conversations.direct(me, peer);
    if (conversationId === undefined) {
      return { items: [], hasMore: false, hasNewer: false, lastReadId: 0 };
    }
    return this.page(conversationId, me, q);
  }

  /**
   * A page of a conversation (the caller checked membership), oldest first: before a message
   * (default: the latest), after one (paging down toward the latest), or around one (half
   * before it, the rest from it on: where a conversation opens at its first unread message or
   * at a notification's message). One extra row each way says whether more exist, without a
   * COUNT.
   */
  page(conversationId: number, me: number, q: ChatHistoryQuery): ChatHistory {
    const lastReadId = this.conversations.membership(conversationId, me)?.last_read_id ?? 0;
    let items: ChatMessage[];
    let hasMore: boolean;
    let hasNewer = false;
    if (q.around !== undefined) {
      const half = Math.floor(q.limit / 2);
      const older = this.chat.history(conversationId, q.around, half + 1);
      hasMore = older.length > half;
      const before = older.slice(0, half).reverse();
      // Near the start, the window fills with newer messages instead.
      const wanted = q.limit - before.length;
      const newer = this.chat.newer(conversationId, q.around - 1, wanted + 1);
      hasNewer = newer.length > wanted;
      items = [...before, ...newer.slice(0, wanted)];
    } else if (q.after !== undefined) {
      const newer = this.chat.newer(conversationId, q.after, q.limit + 1);
      hasNewer = newer.length > q.limit;
      items = newer.slice(0, q.limit);
      hasMore = this.chat.history(conversationId, items[0]?.id ?? q.after + 1, 1).length > 0;
    } else {
      const rows = this.chat.history(
        conversationId,
        q.before ?? Number.MAX_SAFE_INTEGER,
        q.limit + 1,
      );
      hasMore = rows.length > q.limit;
      items = rows.slice(0, q.limit).reverse();
    }
    return {
      items: this.files?.withAttachments('message', items) ?? items,
      hasMore,
      hasNewer,
      lastReadId,
    };
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
    return this.unreadCounts(me).chats;
  }

  /**
   * Unread per private conversation (keyed by the other person) and per group or room
   * (keyed by conversation id), from the read pointers; only those with some.
   */
  unreadCounts(me: number): {
    chats: Record<string, number>;
    conversations: Record<string, number>;
  } {
    const chats: Record<string, number> = {};
    const conversations: Record<string, number> = {};
    for (const r of this.conversations.unreadAll(me)) {
      if (r.kind === 'direct' && r.user_lo !== null && r.user_hi !== null) {
        chats[String(r.user_lo === me ? r.user_hi : r.user_lo)] = r.n;
      } else conversations[String(r.id)] = r.n;
    }
    return { chats, conversations };
  }

  /** The people `me` has exchanged messages with. */
  contacts(me: number): number[] {
    return this.chat.contacts(me);
  }
}
