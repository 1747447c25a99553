/**
 * The WebSocket contract at `/ws`: one JSON envelope `{ type, payload }` each way.
 * Durable server events (those a client must not miss) also carry `eventId`, increasing;
 * a reconnecting client sends `resume { since: lastEventId }`. docs/protocol.md documents
 * every event with an example.
 */
import { z } from 'zod';
import { attachmentIdsSchema } from './api';
import type {
  CategoryInfo,
  ChatMessage,
  ForumSettings,
  Comment,
  Me,
  Notification,
  PostSummary,
  UnreadCounts,
  UserRef,
  UserWithRole,
  UserWithSuspension,
} from './api';
import type { DiscoverySettings, Invite } from './api';
import type { ProfileFields } from './accounts';
import type { Attachment } from './files';
import type { ConversationInfo } from './conversations';
import type { ReactionEvent } from './reactions';
import type { ErrorCode } from './errors';
import { LIMITS } from './limits';

// ---- client → server ----

const userId = z.number().int().positive();
const conversationId = z.number().int().positive();

/** Exactly one of `to` (a person) and `conversationId` (rooms: a group or room). */
const oneTarget = (p: { to?: number; conversationId?: number }): boolean =>
  (p.to === undefined) !== (p.conversationId === undefined);
const ONE_TARGET = { message: 'give either to (a person) or conversationId', path: ['to'] };
const typingTarget = z
  .strictObject({ to: userId.optional(), conversationId: conversationId.optional() })
  .refine(oneTarget, ONE_TARGET);

export const clientEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('chat.send'),
    // `to` (a private message) or (rooms) `conversationId` (a group or room), not both.
    payload: z
      .strictObject({
        to: userId.optional(),
        conversationId: conversationId.optional(),
        body: z.string().max(LIMITS.chatBody.max * 4), // length checked after trim, with a clear code
        clientId: z.string().min(1).max(64),
        /** Upload ids (issue 12); with at least one, the body may be empty. */
        attachments: attachmentIdsSchema.optional(),
      })
      .refine(oneTarget, ONE_TARGET),
  }),
  z.strictObject({
    type: z.literal('chat.edit'),
    payload: z.strictObject({
      id: z.number().int().positive(),
      body: z.string().max(LIMITS.chatBody.max * 4), // checked after trim, as for chat.send
      /** Optional: echoed as `ref` on an error, to match it to the edit. */
      clientId: z.string().min(1).max(64).optional(),
      /** (issue 12) Optional: the message's whole list of files after the edit. */
      attachments: attachmentIdsSchema.optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('chat.delete'),
    payload: z.strictObject({
      id: z.number().int().positive(),
      clientId: z.string().min(1).max(64).optional(),
    }),
  }),
  z.strictObject({ type: z.literal('typing.start'), payload: typingTarget }),
  z.strictObject({ type: z.literal('typing.stop'), payload: typingTarget }),
  z.strictObject({
    type: z.literal('chat.read'),
    // `with` (a private conversation) or (rooms) `conversationId`, not both.
    payload: z
      .strictObject({
        with: userId.optional(),
        conversationId: conversationId.optional(),
        upTo: z.number().int().nonnegative(),
      })
      .refine((p) => (p.with === undefined) !== (p.conversationId === undefined), {
        message: 'give either with (a person) or conversationId',
        path: ['with'],
      }),
  }),
  z.strictObject({
    type: z.literal('resume'),
    payload: z.strictObject({ since: z.number().int().nonnegative() }),
  }),
]);
export type ClientEvent = z.infer<typeof clientEventSchema>;
export type ClientEventType = ClientEvent['type'];

// ---- server → client ----

export type ServerEvent =
  | { type: 'hello'; payload: { user: Me; lastEventId: number } }
  | { type: 'chat.message'; payload: ChatMessage; eventId: number }
  /** Typing: in a private conversation, or (rooms) in the group or room `conversationId`. */
  | {
      type: 'typing';
      payload: { from: number; nickname: string; active: boolean; conversationId?: number };
    }
  | { type: 'presence.snapshot'; payload: { online: number[] } }
  | { type: 'presence'; payload: { userId: number; online: boolean } }
  | { type: 'notification'; payload: Notification; eventId: number }
  | { type: 'unread'; payload: UnreadCounts }
  /** A feed item, as `GET /api/posts` has it (body capped, `bodyTruncated`). */
  | { type: 'post.created'; payload: { post: PostSummary }; eventId: number }
  | { type: 'comment.created'; payload: { comment: Comment }; eventId: number }
  /** A post changed (pinned, locked, edited): the feed item as it is now. Everyone gets it. */
  | {
      type: 'post.updated';
      payload: { post: PostSummary; attachments?: Attachment[] };
      eventId: number;
    }
  | { type: 'user.joined'; payload: { user: UserRef }; eventId: number }
  /**
   * A role changed (the owner made an admin or moderator, or ownership moved); or the user
   * edited their profile (then `firstName`, `lastName`, `bio` are there; never the e-mail);
   * or, for staff only, a suspension (then the user carries `suspended` and `suspendedUntil`).
   */
  | {
      type: 'user.updated';
      payload: { user: (UserWithRole | UserWithSuspension) & Partial<ProfileFields> };
      eventId: number;
    }
  /** The forum's settings changed (owner, admins). */
  | { type: 'forum.updated'; payload: { forum: ForumSettings }; eventId: number }
  | { type: 'category.created'; payload: { category: CategoryInfo }; eventId: number }
  /** Renamed, recoloured, moved or (un)archived: the whole category as it is now. */
  | { type: 'category.updated'; payload: { category: CategoryInfo }; eventId: number }
  | { type: 'category.deleted'; payload: { id: number }; eventId: number }
  /** A post was edited (or restored): the feed item as it is now (body capped). */
  | {
      type: 'post.updated';
      /** (issue 12) `attachments`: the post's files after an edit ([] when none); absent
       * when the change could not touch them (a restore, a pin). */
      payload: { post: PostSummary; attachments?: Attachment[] };
      eventId: number;
    }
  /** A post was deleted: feeds and open views drop it, and its notifications. */
  | { type: 'post.deleted'; payload: { id: number }; eventId: number }
  /** A comment was edited or restored (`deleted: false`). */
  | { type: 'comment.updated'; payload: { comment: Comment }; eventId: number }
  /** A comment was deleted: it stays as a placeholder ("Comment deleted"). */
  | { type: 'comment.deleted'; payload: { id: number; postId: number }; eventId: number }
  /** A private message was edited (to both sides). */
  | { type: 'chat.updated'; payload: { message: ChatMessage }; eventId: number }
  /** A private message was deleted (to both sides): it becomes "Message deleted". */
  | {
      type: 'chat.deleted';
      /** (rooms) `conversationId` for a group or room message (then `to` is 0). */
      payload: { id: number; from: number; to: number; conversationId?: number };
      eventId: number;
    }
  /** (rooms) A room was made (to everyone), or a group (to its members). */
  | { type: 'conversation.created'; payload: { conversation: ConversationInfo }; eventId: number }
  /** (rooms) A room's or group's name or topic changed (a room's: everyone; a group's: members). */
  | { type: 'conversation.updated'; payload: { conversation: ConversationInfo }; eventId: number }
  /** (rooms) Someone joined or was added (`by`), to the members including them. */
  | {
      type: 'member.joined';
      payload: { conversationId: number; user: UserRef; by: number };
      eventId: number;
    }
  /** (rooms) Someone left (`by` themselves) or was removed, to the members including them. */
  | {
      type: 'member.left';
      payload: { conversationId: number; userId: number; by: number };
      eventId: number;
    }
  /** Someone set (a version tag for the URL) or removed (null) their avatar. Everyone gets it. */
  | { type: 'avatar.updated'; payload: { userId: number; avatar: string | null }; eventId: number }
  /**
   * (issue 12) Someone reacted to a post, comment or message, or took it back: everyone for a
   * post or comment, the conversation's members for a message.
   */
  | { type: 'reaction.added'; payload: ReactionEvent; eventId: number }
  | { type: 'reaction.removed'; payload: ReactionEvent; eventId: number }
  /**
   * (issue 13) Some of your notifications became read (on any of your devices): those of a
   * post you opened (`postId`), the given `ids`, or `all`. Sent to you only.
   */
  | {
      type: 'notifications.read';
      payload: { postId?: number; ids?: number[]; all?: true };
      eventId: number;
    }
  /**
   * (issue 14) An invite link was made or withdrawn: to the owner and admins only (one event
   * each), so every open invite panel updates.
   */
  | { type: 'invite.created'; payload: { invite: Invite }; eventId: number }
  | { type: 'invite.revoked'; payload: { invite: Invite }; eventId: number }
  /** (issue 14) Whether the LAN announcement shows people online: to the owner and admins. */
  | { type: 'discovery.updated'; payload: DiscoverySettings; eventId: number }
  | { type: 'error'; payload: { code: ErrorCode; message: string; ref?: string } }
  | { type: 'resync'; payload: Record<string, never> };
export type ServerEventType = ServerEvent['type'];
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

// Runtime constants live in a zod-free module so the browser bundle can import them without
// pulling in the schema library; re-exported here so existing imports keep working.
export { WS_CLOSE, missingCase } from './protocol-constants';
