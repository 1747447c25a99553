/**
 * (rooms, issue 11) The conversations contract: groups and public rooms beside private
 * messages. Request schemas (parsed by the server) and response types; docs/api.md documents
 * each route. The renderer imports the types only (`import type`), never the schemas.
 */
import { z } from 'zod';
import { userText, type UserRef } from './api';
import { ROOM_LIMITS } from './room-limits';

export { ROOM_LIMITS };

export const CONVERSATION_KINDS = ['direct', 'group', 'room'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];
export const NOTIFY_LEVELS = ['all', 'mentions', 'none'] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];

const memberId = z
  .number({ error: 'Member ids are positive whole numbers' })
  .int({ error: 'Member ids are positive whole numbers' })
  .positive({ error: 'Member ids are positive whole numbers' });
const topic = z
  .string({ error: 'Topic must be text' })
  .trim()
  .max(ROOM_LIMITS.topic, { error: `Topic must be at most ${ROOM_LIMITS.topic} characters` });

export const createConversationSchema = z.strictObject({
  kind: z.enum(['group', 'room'], { error: 'kind must be "group" or "room"' }),
  /** Required for a room; a group without one is named after its members. */
  name: userText('Name', ROOM_LIMITS.name).optional(),
  topic: topic.optional(),
  /** A group's people besides its creator (2 to 49); a room starts with its creator only. */
  members: z
    .array(memberId, { error: 'members must be a list of user ids' })
    .max(ROOM_LIMITS.groupMembers - 1, {
      error: `A group conversation holds at most ${ROOM_LIMITS.groupMembers} people`,
    })
    .optional(),
});
export type CreateConversationRequest = z.infer<typeof createConversationSchema>;

/** Name and topic (a room's: admins and moderators), and the caller's own notification level and mute. */
export const updateConversationSchema = z.strictObject({
  name: userText('Name', ROOM_LIMITS.name).optional(),
  topic: topic.optional(),
  /** null: the kind's default ('mentions' for rooms, 'all' otherwise). */
  notify: z
    .enum(NOTIFY_LEVELS, { error: 'notify must be "all", "mentions", "none" or null' })
    .nullable()
    .optional(),
  muted: z.boolean({ error: 'muted must be true or false' }).optional(),
});
export type UpdateConversationRequest = z.infer<typeof updateConversationSchema>;

export const addMembersSchema = z.strictObject({
  userIds: z
    .array(memberId, { error: 'userIds must be a list of user ids' })
    .min(1, { error: 'Give at least one user id' })
    .max(ROOM_LIMITS.addAtOnce, { error: `Add at most ${ROOM_LIMITS.addAtOnce} people at once` }),
});
export type AddMembersRequest = z.infer<typeof addMembersSchema>;

/** A conversation as anyone allowed to see it sees it. */
export interface ConversationInfo {
  id: number;
  kind: ConversationKind;
  /** Rooms and groups; null for a private conversation (see `peer`). */
  name: string | null;
  topic: string;
  createdBy: number | null;
  createdAt: string;
  memberCount: number;
  /** The room every new user joins. */
  isDefault: boolean;
  /** A private conversation: the other person. */
  peer?: UserRef;
}

/** One of my conversations, for the sidebar (`GET /api/conversations`). */
export interface ConversationSummary extends ConversationInfo {
  lastMessageId: number | null;
  lastMessageAt: string | null;
  /** My read pointer: the last message I read (0: none). Unread = others' messages after it. */
  lastReadId: number;
  unread: number;
  /** Unread messages that mention me (0 until mentions land; the mentions issue fills it). */
  mentionCount: number;
  /** My notification level as set (null: the default) and as it applies. */
  notifyLevel: NotifyLevel | null;
  notify: NotifyLevel;
  muted: boolean;
}

export interface ConversationMember extends UserRef {
  role: 'owner' | 'admin' | 'moderator' | 'member';
  joinedAt: string;
  online: boolean;
}

/** `GET /api/conversations/:id`: a room's non-members see it without `me` (join to read). */
export interface ConversationDetail extends ConversationInfo {
  members: ConversationMember[];
  /** Present when I am a member. */
  me?: ConversationSummary;
}

/** `GET /api/rooms`: the directory. */
export interface RoomDirectoryEntry extends ConversationInfo {
  joined: boolean;
}
