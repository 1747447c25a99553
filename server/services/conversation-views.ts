import {
  ROOM_LIMITS,
  type ConversationInfo,
  type ConversationSummary,
  type NotifyLevel,
} from '../../common/conversations';
import type { ConversationRow, MembershipRow } from '../store/conversation-rows';
import type { ConversationsStore } from '../store/conversations.store';

/** How a conversation's rows become what the API returns (common/conversations.ts). */
export class ConversationViews {
  constructor(
    private readonly store: ConversationsStore,
    private readonly nicknameOf: (id: number) => string | undefined,
  ) {}

  /** A group's name when none is given: its first people's nicknames. */
  groupName(ids: readonly number[]): string {
    const names = ids.slice(0, 4).map((id) => this.nicknameOf(id) ?? `#${id}`);
    const more = ids.length - names.length;
    const joined = names.join(', ') + (more > 0 ? ` +${more}` : '');
    return joined.slice(0, ROOM_LIMITS.name);
  }

  info(c: ConversationRow, memberCount: number, me?: number): ConversationInfo {
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

  summary(me: number, r: MembershipRow): ConversationSummary {
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
