/**
 * The WebSocket contract at `/ws`: one JSON envelope `{ type, payload }` each way.
 * Durable server events (those a client must not miss) also carry `eventId`, increasing;
 * a reconnecting client sends `resume { since: lastEventId }`. docs/protocol.md documents
 * every event with an example.
 */
import { z } from 'zod';
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
import type { ProfileFields } from './accounts';
import type { ErrorCode } from './errors';
import { LIMITS } from './limits';

// ---- client → server ----

const userId = z.number().int().positive();

export const clientEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('chat.send'),
    payload: z.strictObject({
      to: userId,
      body: z.string().max(LIMITS.chatBody.max * 4), // length checked after trim, with a clear code
      clientId: z.string().min(1).max(64),
    }),
  }),
  z.strictObject({
    type: z.literal('chat.edit'),
    payload: z.strictObject({
      id: z.number().int().positive(),
      body: z.string().max(LIMITS.chatBody.max * 4), // checked after trim, as for chat.send
      /** Optional: echoed as `ref` on an error, to match it to the edit. */
      clientId: z.string().min(1).max(64).optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('chat.delete'),
    payload: z.strictObject({
      id: z.number().int().positive(),
      clientId: z.string().min(1).max(64).optional(),
    }),
  }),
  z.strictObject({ type: z.literal('typing.start'), payload: z.strictObject({ to: userId }) }),
  z.strictObject({ type: z.literal('typing.stop'), payload: z.strictObject({ to: userId }) }),
  z.strictObject({
    type: z.literal('chat.read'),
    payload: z.strictObject({ with: userId, upTo: z.number().int().nonnegative() }),
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
  | { type: 'typing'; payload: { from: number; nickname: string; active: boolean } }
  | { type: 'presence.snapshot'; payload: { online: number[] } }
  | { type: 'presence'; payload: { userId: number; online: boolean } }
  | { type: 'notification'; payload: Notification; eventId: number }
  | { type: 'unread'; payload: UnreadCounts }
  /** A feed item, as `GET /api/posts` has it (body capped, `bodyTruncated`). */
  | { type: 'post.created'; payload: { post: PostSummary }; eventId: number }
  | { type: 'comment.created'; payload: { comment: Comment }; eventId: number }
  /** A post changed (pinned, locked, edited): the feed item as it is now. Everyone gets it. */
  | { type: 'post.updated'; payload: { post: PostSummary }; eventId: number }
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
  | { type: 'post.updated'; payload: { post: PostSummary }; eventId: number }
  /** A post was deleted: feeds and open views drop it, and its notifications. */
  | { type: 'post.deleted'; payload: { id: number }; eventId: number }
  /** A comment was edited or restored (`deleted: false`). */
  | { type: 'comment.updated'; payload: { comment: Comment }; eventId: number }
  /** A comment was deleted: it stays as a placeholder ("Comment deleted"). */
  | { type: 'comment.deleted'; payload: { id: number; postId: number }; eventId: number }
  /** A private message was edited (to both sides). */
  | { type: 'chat.updated'; payload: { message: ChatMessage }; eventId: number }
  /** A private message was deleted (to both sides): it becomes "Message deleted". */
  | { type: 'chat.deleted'; payload: { id: number; from: number; to: number }; eventId: number }
  /**
   * (issue 13) Some of your notifications became read (on any of your devices): those of a
   * post you opened (`postId`), the given `ids`, or `all`. Sent to you only.
   */
  | {
      type: 'notifications.read';
      payload: { postId?: number; ids?: number[]; all?: true };
      eventId: number;
    }
  | { type: 'error'; payload: { code: ErrorCode; message: string; ref?: string } }
  | { type: 'resync'; payload: Record<string, never> };
export type ServerEventType = ServerEvent['type'];
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

// Runtime constants live in a zod-free module so the browser bundle can import them without
// pulling in the schema library; re-exported here so existing imports keep working.
export { WS_CLOSE, missingCase } from './protocol-constants';
