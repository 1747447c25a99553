/** The rows the conversations store reads (conversations.store.ts), as SQLite returns them. */

export type ConversationKind = 'direct' | 'group' | 'room';
export type NotifyLevel = 'all' | 'mentions' | 'none';

export interface ConversationRow {
  id: number;
  kind: ConversationKind;
  name: string | null;
  topic: string;
  created_by: number | null;
  created_at: string;
  user_lo: number | null;
  user_hi: number | null;
  last_message_id: number | null;
  is_default: number;
}

/** One conversation as a member sees it in the sidebar. */
export interface MembershipRow extends ConversationRow {
  last_read_id: number;
  notify: NotifyLevel | null;
  muted: number;
  member_count: number;
  last_message_at: string | null;
}

export interface MemberRow {
  user_id: number;
  nickname: string;
  role: string;
  joined_at: string;
}

export interface RoomRow extends ConversationRow {
  member_count: number;
  joined: number;
}
