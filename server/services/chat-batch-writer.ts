import type { ChatMessage } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Transaction } from '../events/outbox';
import type { ChatStore } from '../store/chat.store';
import type { ConversationsStore } from '../store/conversations.store';
import type { ChatSend, ChatSendOutcome, ChatWrite, ChatWriteOutcome } from './chat-commit';
import type { DirectConversations, LearntDirects } from './direct-conversations';
import type { FilesService } from './files.service';
import type { MentionsNotifier } from './mentions.service';

const NOT_MEMBER = 'You are not a member of this conversation.';

const CLIENT_ID_REUSED =
  'This clientId was already used for another message: use a new clientId for each message.';

/**
 * What one chat batch writes inside its IMMEDIATE transaction (services/chat-commit.ts opens
 * it and retries): each message, its event-log row and its conversation's pointer; each read
 * mark; idempotent by clientId, within the batch and against what was stored before.
 */
export class ChatBatchWriter {
  constructor(
    private readonly chat: ChatStore,
    private readonly conversations: ConversationsStore,
    private readonly directs: DirectConversations,
    private readonly clock: () => number,
    /** @mentions (issue 12); absent in tests that build the committer alone. */
    private readonly mentions?: MentionsNotifier,
    private readonly files?: FilesService,
  ) {}

  /** In the IMMEDIATE transaction: two statements per new message, plus its thread. */
  writeAll(
    tx: Transaction,
    writes: readonly ChatWrite[],
    learnt: LearntDirects,
  ): ChatWriteOutcome[] {
    const createdAt = new Date(this.clock()).toISOString();
    const inBatch = new Map<string, ChatSendOutcome & { kind: 'sent' | 'duplicate' }>();
    const outcomes: ChatWriteOutcome[] = [];
    for (const write of writes) {
      if ('read' in write) {
        const { reader, peer, upTo } = write.read;
        const conversationId = write.read.conversationId ?? this.directs.find(reader, peer, learnt);
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
    learnt: LearntDirects,
  ): number | undefined {
    if (send.conversationId !== undefined && send.conversationId !== null) {
      return this.conversations.isMember(send.conversationId, send.senderId)
        ? send.conversationId
        : undefined;
    }
    return this.directs.findOrCreate(tx, send.senderId, send.to, at, learnt);
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
}
