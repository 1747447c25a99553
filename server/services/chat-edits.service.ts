import type { ChatMessage } from '../../common/api';
import {
  isModeratedDelete,
  mayChangeMessage,
  type MessageAction,
} from '../../common/message-rules';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { ConversationsStore } from '../store/conversations.store';
import type { MessageAccessStore } from '../store/message-access.store';
import type { MessageEditsStore, MessageForEdit } from '../store/message-edits.store';
import type { ModerationLogStore } from '../store/moderation-log.store';
import type { RedactionStore } from '../store/redaction.store';
import type { RevisionsStore } from '../store/revisions.store';
import type { ChatService } from './chat.service';
import { DELETED_KEPT_MS, forbidden, notFound } from './item-rules';
import type { MentionsNotifier } from './mentions.service';

import type { FilesService } from './files.service';
import type { RolesService } from './roles.service';

export interface ChatEditsDeps {
  messageEdits: MessageEditsStore;
  revisions: RevisionsStore;
  redaction: RedactionStore;
  chat: Pick<ChatService, 'checkText'>;
  /** (rooms) Who may see a message and who hears of its changes: its conversation's members. */
  messageAccess: MessageAccessStore;
  conversations: Pick<ConversationsStore, 'members' | 'membership' | 'get'>;
  /** (rooms) Staff delete others' messages in public rooms (common/message-rules.ts), logged. */
  roles: Pick<RolesService, 'roleOf'>;
  moderationLog: ModerationLogStore;
  mentions: MentionsNotifier;
  writer: Writer;
  clock: () => number;
  /**
   * Attachments (issue 12): a delete releases the item's files; an edit may replace them.
   * Absent in some tests.
   */
  files?: Pick<FilesService, 'release' | 'replace' | 'checkReplacement' | 'forItem'>;
}

/**
 * `chat.edit` and `chat.delete`: the sender edits and deletes their own message; nobody edits
 * someone else's. (rooms) In a PUBLIC room moderators, admins and the owner also delete
 * others' messages, recorded in the moderation log as for posts and comments; a private
 * message or a group stays its members' (common/message-rules.ts). The events go to the
 * conversation's members. Each is one transaction with its event to both
 * sides (`chat.updated`, `chat.deleted`); deleting an unread message lowers the recipient's
 * unread count. Errors are AppErrors; the dispatcher turns them into `error` frames.
 */
export class ChatEditsService {
  constructor(private readonly d: ChatEditsDeps) {}

  /** A new text and, when `attachments` is given, the message's files from now on. */
  edit(userId: number, id: number, rawBody: string, attachments?: readonly number[]): ChatMessage {
    const row = this.own(userId, id, 'edit');
    const files = this.d.files;
    const current = files?.forItem('message', id) ?? [];
    const wanted = files ? attachments : undefined;
    const ids = current.map((a) => a.id);
    // A message with files may have no text (a pasted screenshot), as at sending.
    const check = this.d.chat.checkText(rawBody, wanted ?? ids);
    if (!check.ok) throw new AppError(check.code, check.message);
    const sameFiles = wanted === undefined || wanted.join(',') === ids.join(',');
    if (!sameFiles) files?.checkReplacement(userId, ids, wanted);
    const sameText = check.body === row.message.body;
    if (sameText && sameFiles) return row.message;
    const at = new Date(this.d.clock()).toISOString();
    return this.d.writer.write((tx) => {
      // A revision keeps the text; a change of files alone has none to keep.
      if (!sameText) this.keep(tx, row, userId, at, 'edit');
      this.d.messageEdits.update(tx, id, check.body, at);
      const now =
        (!sameFiles && wanted ? files?.replace(tx, userId, 'message', id, wanted) : null) ??
        current;
      // Edits always carry the files as they are now ([] when the edit removed the last).
      const message: ChatMessage = {
        ...row.message,
        body: check.body,
        editedAt: at,
        attachments: now,
      };
      tx.event('chat.updated', { message }, { conversationId: row.conversationId });
      this.d.mentions.notify(tx, {
        actor: { id: userId },
        place: { kind: 'message', messageId: id },
        before: row.message.body,
        after: check.body,
        createdAt: at,
        // The other side of a private message sees the edit itself (rooms: its members).
        alreadyTold: new Set(message.conversationId === undefined ? [message.to] : []),
      });
      return message;
    });
  }

  remove(userId: number, id: number): void {
    const row = this.own(userId, id, 'delete');
    const moderated = row.message.from !== userId;
    const nowMs = this.d.clock();
    const at = new Date(nowMs).toISOString();
    const { from, to, conversationId: room } = row.message;
    const { conversationId } = row;
    this.d.writer.write((tx) => {
      this.keep(tx, row, userId, at, 'delete');
      this.d.revisions.setPurge(tx, 'message', id, nowMs + DELETED_KEPT_MS);
      this.d.messageEdits.markDeleted(tx, id, at);
      // Its mention notifications go with it: their people's counts change.
      for (const user of this.d.redaction.message(tx, id)) tx.unreadChanged(user);
      // Whoever had not read it yet has one unread fewer.
      for (const member of this.d.conversations.members(conversationId)) {
        if (member === from) continue;
        const m = this.d.conversations.membership(conversationId, member);
        if (m && m.last_read_id < id) tx.unreadChanged(member);
      }
      this.d.files?.release(tx, 'message', id);
      const payload =
        room === undefined ? { id, from, to } : { id, from, to, conversationId: room };
      tx.event('chat.deleted', payload, { conversationId });
      if (moderated) {
        this.d.moderationLog.record(tx, {
          action: 'message.delete',
          targetType: 'message',
          targetId: id,
          targetUserId: from,
          reason: null,
          at: nowMs,
          actorId: userId,
          detail: { conversationId },
        });
      }
    });
  }

  /**
   * A message the actor may change, not deleted (common/message-rules.ts). Someone who may
   * not read it learns nothing (404), except staff in a public room, which they moderate
   * whether or not they joined it; a reader it is not for is told it is not theirs (403).
   */
  private own(userId: number, id: number, action: MessageAction): MessageForEdit {
    const row = this.d.messageEdits.row(id);
    if (!row) throw notFound('message', id);
    const { message } = row;
    const facts = {
      action,
      role: this.d.roles.roleOf(userId) ?? 'member',
      own: message.from === userId,
      kind: this.d.conversations.get(row.conversationId)?.kind ?? 'direct',
    } as const;
    const readable = this.d.messageAccess.canRead(userId, id);
    if (!readable && !isModeratedDelete(facts)) throw notFound('message', id);
    if (!mayChangeMessage(facts)) throw forbidden(`You can only ${action} your own messages.`);
    if (message.deleted) throw new AppError('NOT_FOUND', 'This message was deleted.');
    return row;
  }

  private keep(
    tx: Transaction,
    row: MessageForEdit,
    userId: number,
    at: string,
    reason: 'edit' | 'delete',
  ): void {
    this.d.revisions.insert(tx, {
      itemType: 'message',
      itemId: row.message.id,
      title: null,
      body: row.message.body,
      categoryIds: null,
      writtenAt: row.writtenAt,
      replacedAt: at,
      replacedBy: userId,
      reason,
    });
  }
}
