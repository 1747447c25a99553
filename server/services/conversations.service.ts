import type { Role } from '../../common/api';
import {
  ROOM_LIMITS,
  type ConversationDetail,
  type ConversationInfo,
  type ConversationSummary,
  type CreateConversationRequest,
  type NotifyLevel,
  type RoomDirectoryEntry,
  type UpdateConversationRequest,
} from '../../common/conversations';
import type { ChatHistory, ChatHistoryQuery } from '../../common/api';
import { isUniqueViolation } from '../../db/sqlite-errors';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type {
  ConversationRow,
  ConversationsStore,
  MembershipRow,
} from '../store/conversations.store';
import type { ChatService } from './chat.service';

/** Who acts: the session's user and their role (read from the database for each request). */
export interface Actor {
  id: number;
  role: Role;
}

const isStaff = (role: Role): boolean => role !== 'member';
const isAdmin = (role: Role): boolean => role === 'owner' || role === 'admin';

const notMember = (): AppError =>
  new AppError('NOT_MEMBER', 'You are not a member of this conversation.');

/**
 * Groups and rooms (issue 11): who may create, see, change, join and leave them; each change
 * one transaction with its event (`conversation.*`, `member.*`). Sends, reads and typing go
 * over the socket (ChatService, the dispatcher). The rules:
 * - rooms: admins and moderators create them and change their name and topic, add and
 *   remove others; anyone joins and leaves; only members read them.
 * - groups: anyone starts one with 2 to 49 others; members add people (up to 50) and edit
 *   name and topic; the creator or an admin removes people; anyone leaves.
 */
export class ConversationsService {
  constructor(
    private readonly store: ConversationsStore,
    private readonly chat: Pick<ChatService, 'exists' | 'page'>,
    private readonly writer: Writer,
    private readonly clock: () => number,
    private readonly presence: { isOnline(userId: number): boolean },
    private readonly nicknameOf: (id: number) => string | undefined,
  ) {}

  list(me: number): ConversationSummary[] {
    return this.store
      .mine(me)
      .map((r) => this.summary(me, r))
      .sort((a, b) => (b.lastMessageId ?? 0) - (a.lastMessageId ?? 0) || a.id - b.id);
  }

  directory(me: number): RoomDirectoryEntry[] {
    return this.store
      .rooms(me)
      .map((r) => ({ ...this.info(r, r.member_count), joined: r.joined === 1 }));
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
    const info = this.info(c, members.length, actor.id);
    return mine ? { ...info, members, me: this.summary(actor.id, mine) } : { ...info, members };
  }

  messages(me: number, id: number, q: ChatHistoryQuery): ChatHistory {
    this.found(id);
    if (!this.store.isMember(id, me)) throw notMember();
    return this.chat.page(id, me, q);
  }

  create(actor: Actor, body: CreateConversationRequest): ConversationSummary {
    const at = new Date(this.clock()).toISOString();
    if (body.kind === 'room') {
      if (!isStaff(actor.role)) {
        throw new AppError('FORBIDDEN', 'Only admins and moderators create rooms.');
      }
      if (body.name === undefined) {
        throw new AppError('VALIDATION_FAILED', 'A room needs a name.', { field: 'name' });
      }
      if (body.members !== undefined && body.members.length > 0) {
        throw new AppError('VALIDATION_FAILED', 'People join a room themselves.', {
          field: 'members',
        });
      }
    }
    const others = [...new Set(body.members ?? [])].filter((id) => id !== actor.id);
    if (body.kind === 'group') {
      if (others.length < 2) {
        throw new AppError(
          'VALIDATION_FAILED',
          'A group conversation needs at least 2 other people.',
          {
            field: 'members',
          },
        );
      }
      this.checkSize(others.length + 1);
      for (const id of others) this.checkUser(id);
    }
    const name = body.name ?? this.groupName([actor.id, ...others]);
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
      const info = this.info(c, others.length + 1);
      // A room is public (the directory); a group is its members' business only.
      const event = tx.event(
        'conversation.created',
        { conversation: info },
        body.kind === 'room' ? null : { conversationId: id },
      );
      for (const userId of [actor.id, ...others]) this.store.openSpan(tx, id, userId, event.id - 1);
      return id;
    });
    return this.summary(actor.id, this.store.mineOne(actor.id, id)!);
  }

  update(actor: Actor, id: number, body: UpdateConversationRequest): ConversationSummary {
    const c = this.found(id);
    const mine = this.store.mineOne(actor.id, id);
    if (!mine) throw notMember();
    const renames = body.name !== undefined || body.topic !== undefined;
    if (renames) {
      if (c.kind === 'direct') {
        throw new AppError('VALIDATION_FAILED', 'A private conversation has no name or topic.');
      }
      if (c.kind === 'room' && !isStaff(actor.role)) {
        throw new AppError(
          'FORBIDDEN',
          "Only admins and moderators change a room's name and topic.",
        );
      }
    }
    this.write((tx) => {
      if (renames) {
        this.store.update(tx, id, body.name ?? c.name, body.topic ?? c.topic);
        const info = this.info(this.found(id), this.store.memberCount(id));
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
    return this.summary(actor.id, this.store.mineOne(actor.id, id)!);
  }

  /** Adds people (a group's members; a room's staff), or joins a room (one's own id). */
  addMembers(actor: Actor, id: number, userIds: readonly number[]): ConversationDetail {
    const c = this.found(id);
    const ids = [...new Set(userIds)];
    const joiningRoom = c.kind === 'room' && ids.length === 1 && ids[0] === actor.id;
    if (c.kind === 'direct') {
      throw new AppError(
        'VALIDATION_FAILED',
        'Start a group conversation to talk with more people.',
      );
    }
    if (!joiningRoom) {
      if (!this.store.isMember(id, actor.id) && !(c.kind === 'room' && isStaff(actor.role))) {
        throw notMember();
      }
      if (c.kind === 'room' && !isStaff(actor.role)) {
        throw new AppError(
          'FORBIDDEN',
          'Only admins and moderators add others to a room; anyone may join.',
        );
      }
    }
    for (const userId of ids) this.checkUser(userId);
    const fresh = ids.filter((userId) => !this.store.isMember(id, userId));
    if (c.kind === 'group') this.checkSize(this.store.memberCount(id) + fresh.length);
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
    if (c.kind === 'direct') {
      throw new AppError('VALIDATION_FAILED', 'Nobody leaves a private conversation.');
    }
    if (userId !== actor.id) {
      if (c.kind === 'group' && !this.store.isMember(id, actor.id) && !isAdmin(actor.role)) {
        throw notMember();
      }
      const allowed =
        c.kind === 'group' ? c.created_by === actor.id || isAdmin(actor.role) : isStaff(actor.role);
      if (!allowed) {
        throw new AppError(
          'FORBIDDEN',
          c.kind === 'group'
            ? 'Only the person who started this conversation, or an admin, removes people.'
            : 'Only admins and moderators remove people from a room.',
        );
      }
    }
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

  private checkSize(count: number): void {
    if (count > ROOM_LIMITS.groupMembers) {
      throw new AppError(
        'TOO_MANY_MEMBERS',
        `A group conversation holds at most ${ROOM_LIMITS.groupMembers} people (this would make ${count}).`,
      );
    }
  }

  private groupName(ids: readonly number[]): string {
    const names = ids.slice(0, 4).map((id) => this.nicknameOf(id) ?? `#${id}`);
    const more = ids.length - names.length;
    const joined = names.join(', ') + (more > 0 ? ` +${more}` : '');
    return joined.slice(0, ROOM_LIMITS.name);
  }

  private info(c: ConversationRow, memberCount: number, me?: number): ConversationInfo {
    const info: ConversationInfo = {
      id: c.id,
      kind: c.kind,
      name: c.name,
      topic: c.topic,
      createdBy: c.created_by,
      createdAt: c.created_at,
      memberCount,
      isDefault: c.is_default === 1,
    };
    if (c.kind === 'direct' && me !== undefined && c.user_lo !== null && c.user_hi !== null) {
      const peer = c.user_lo === me ? c.user_hi : c.user_lo;
      info.peer = { id: peer, nickname: this.nicknameOf(peer) ?? '' };
    }
    return info;
  }

  private summary(me: number, r: MembershipRow): ConversationSummary {
    const unread =
      r.last_message_id !== null && r.last_message_id > r.last_read_id
        ? this.store.unread(r.id, me, r.last_read_id)
        : 0;
    const notify: NotifyLevel = r.notify ?? (r.kind === 'room' ? 'mentions' : 'all');
    return {
      ...this.info(r, r.member_count, me),
      lastMessageId: r.last_message_id,
      lastMessageAt: r.last_message_at,
      lastReadId: r.last_read_id,
      unread,
      mentionCount: unread > 0 ? this.store.mentionsUnread(r.id, me, r.last_read_id) : 0,
      notifyLevel: r.notify,
      notify,
      muted: r.muted === 1,
    };
  }
}
