import type { Role } from '../../common/api';
import type {
  ConversationDetail,
  ConversationSummary,
  CreateConversationRequest,
  RoomDirectoryEntry,
  UpdateConversationRequest,
} from '../../common/conversations';
import type { ChatHistory, ChatHistoryQuery } from '../../common/api';
import { isUniqueViolation } from '../../db/sqlite-errors';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { ConversationRow } from '../store/conversation-rows';
import type { ConversationsStore } from '../store/conversations.store';
import type { ChatService } from './chat.service';
import {
  checkAdd,
  checkCreate,
  checkRemove,
  checkRename,
  checkSize,
  notMember,
  type Actor,
} from './conversation-rules';
import { ConversationViews } from './conversation-views';

/**
 * Groups and rooms (issue 11): who may create, see, change, join and leave them; each change
 * one transaction with its event (`conversation.*`, `member.*`). Sends, reads and typing go
 * over the socket (ChatService, the dispatcher). The rules (conversation-rules.ts):
 * - rooms: admins and moderators create them and change their name and topic, add and
 *   remove others; anyone joins and leaves; only members read them.
 * - groups: anyone starts one with 2 to 49 others; members add people (up to 50) and edit
 *   name and topic; the creator or an admin removes people; anyone leaves.
 */
export class ConversationsService {
  private readonly views: ConversationViews;

  constructor(
    private readonly store: ConversationsStore,
    private readonly chat: Pick<ChatService, 'exists' | 'page'>,
    private readonly writer: Writer,
    private readonly clock: () => number,
    private readonly presence: { isOnline(userId: number): boolean },
    private readonly nicknameOf: (id: number) => string | undefined,
  ) {
    this.views = new ConversationViews(store, nicknameOf);
  }

  list(me: number): ConversationSummary[] {
    return this.store
      .mine(me)
      .map((r) => this.views.summary(me, r))
      .sort((a, b) => (b.lastMessageId ?? 0) - (a.lastMessageId ?? 0) || a.id - b.id);
  }

  directory(me: number): RoomDirectoryEntry[] {
    return this.store
      .rooms(me)
      .map((r) => ({ ...this.views.info(r, r.member_count), joined: r.joined === 1 }));
  }

  detail(actor: Actor, id: number): ConversationDetail {
    const c = this.found(id);
    const mine = this.store.mineOne(actor.id, id);
    if (!mine && c.kind !== 'room') throw notMember();
    const members = this.store.memberList(id).map((m) => ({
      id: m.user_id,
      nickname: m.nickname,
      role: m.role as Role,
      joinedAt: m.joined_at,
      online: this.presence.isOnline(m.user_id),
    }));
    const info = this.views.info(c, members.length, actor.id);
    return mine
      ? { ...info, members, me: this.views.summary(actor.id, mine) }
      : { ...info, members };
  }

  messages(me: number, id: number, q: ChatHistoryQuery): ChatHistory {
    this.found(id);
    if (!this.store.isMember(id, me)) throw notMember();
    return this.chat.page(id, me, q);
  }

  create(actor: Actor, body: CreateConversationRequest): ConversationSummary {
    const at = new Date(this.clock()).toISOString();
    const others = [...new Set(body.members ?? [])].filter((id) => id !== actor.id);
    checkCreate(actor, body, others);
    if (body.kind === 'group') for (const id of others) this.checkUser(id);
    const name = body.name ?? this.views.groupName([actor.id, ...others]);
    const id = this.write((tx) => {
      const id = this.store.create(tx, {
        kind: body.kind,
        name,
        topic: body.topic ?? '',
        createdBy: actor.id,
        createdAt: at,
      });
      this.store.addMember(tx, { id, userId: actor.id, at, lastReadId: 0 });
      for (const userId of others) this.store.addMember(tx, { id, userId, at, lastReadId: 0 });
      const c = this.found(id);
      const info = this.views.info(c, others.length + 1);
      // A room is public (the directory); a group is its members' business only.
      const event = tx.event(
        'conversation.created',
        { conversation: info },
        body.kind === 'room' ? null : { conversationId: id },
      );
      for (const userId of [actor.id, ...others]) this.store.openSpan(tx, id, userId, event.id - 1);
      return id;
    });
    return this.views.summary(actor.id, this.store.mineOne(actor.id, id)!);
  }

  update(actor: Actor, id: number, body: UpdateConversationRequest): ConversationSummary {
    const c = this.found(id);
    const mine = this.store.mineOne(actor.id, id);
    if (!mine) throw notMember();
    const renames = body.name !== undefined || body.topic !== undefined;
    if (renames) checkRename(actor, c);
    this.write((tx) => {
      if (renames) {
        this.store.update(tx, id, body.name ?? c.name, body.topic ?? c.topic);
        const info = this.views.info(this.found(id), this.store.memberCount(id));
        tx.event(
          'conversation.updated',
          { conversation: info },
          c.kind === 'room' ? null : { conversationId: id },
        );
      }
      if (body.notify !== undefined || body.muted !== undefined) {
        const notify = body.notify === undefined ? mine.notify : body.notify;
        const muted = body.muted ?? mine.muted === 1;
        this.store.setPrefs(tx, id, actor.id, notify, muted);
        // My own badge total changes with mute: my sockets get fresh counts.
        tx.unreadChanged(actor.id);
      }
    });
    return this.views.summary(actor.id, this.store.mineOne(actor.id, id)!);
  }

  /** Adds people (a group's members; a room's staff), or joins a room (one's own id). */
  addMembers(actor: Actor, id: number, userIds: readonly number[]): ConversationDetail {
    const c = this.found(id);
    const ids = [...new Set(userIds)];
    const joiningRoom = c.kind === 'room' && ids.length === 1 && ids[0] === actor.id;
    checkAdd(actor, c, joiningRoom, () => this.store.isMember(id, actor.id));
    for (const userId of ids) this.checkUser(userId);
    const fresh = ids.filter((userId) => !this.store.isMember(id, userId));
    if (c.kind === 'group') checkSize(this.store.memberCount(id) + fresh.length);
    const at = new Date(this.clock()).toISOString();
    if (fresh.length > 0) {
      this.write((tx) => {
        for (const userId of fresh) {
          // New members start at the present: older messages are history, not unread.
          const lastReadId = this.store.get(id)?.last_message_id ?? 0;
          this.store.addMember(tx, { id, userId, at, lastReadId });
          const nickname = this.nicknameOf(userId) ?? '';
          const event = tx.event(
            'member.joined',
            { conversationId: id, user: { id: userId, nickname }, by: actor.id },
            { conversationId: id },
          );
          this.store.openSpan(tx, id, userId, event.id - 1);
        }
      });
    }
    return this.detail(actor, id);
  }

  /** Leaves (one's own id) or removes someone (a group's creator or an admin; a room's staff). */
  removeMember(actor: Actor, id: number, userId: number): void {
    const c = this.found(id);
    checkRemove(actor, c, userId, () => this.store.isMember(id, actor.id));
    if (!this.store.isMember(id, userId)) {
      if (userId === actor.id) throw notMember();
      throw new AppError('NOT_FOUND', `User ${userId} is not a member of this conversation.`);
    }
    this.write((tx) => {
      // The event goes to the members still including the one leaving, so every socket of
      // theirs hears it; from the removal on, they are no longer in the audience.
      const event = tx.event(
        'member.left',
        { conversationId: id, userId, by: actor.id },
        { conversationId: id },
      );
      this.store.removeMember(tx, id, userId);
      this.store.closeSpan(tx, id, userId, event.id);
      tx.unreadChanged(userId);
    });
  }

  /**
   * A new account joins the default room, in the sign-up's transaction after its
   * `user.joined` (which tells everyone; no member.joined, so the sign-up's events stay as
   * they were). Its span starts there.
   */
  joinDefaultRoom(tx: Transaction, userId: number, at: string): void {
    const id = this.store.defaultRoom();
    if (id === undefined) return;
    const lastReadId = this.store.get(id)?.last_message_id ?? 0;
    this.store.addMember(tx, { id, userId, at, lastReadId });
    this.store.openSpan(tx, id, userId, tx.nextEventId() - 1);
  }

  private write<T>(body: (tx: Transaction) => T): T {
    try {
      return this.writer.write(body);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('ROOM_NAME_TAKEN', 'Another room already has that name.', {
          field: 'name',
        });
      }
      throw err;
    }
  }

  private found(id: number): ConversationRow {
    const c = this.store.get(id);
    if (!c) throw new AppError('NOT_FOUND', `There is no conversation ${id}.`);
    return c;
  }

  private checkUser(id: number): void {
    if (!this.chat.exists(id)) {
      throw new AppError('UNKNOWN_RECIPIENT', `There is no user ${id}.`, { field: 'members' });
    }
  }
}
