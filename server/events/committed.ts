import type { DurableEvent, FanOutEvent } from './event-log';

export type SessionEndReason =
  | 'logout'
  | 'expired'
  | 'replaced'
  // (issue 10, accounts) the user changed their password, or a reset link set a new one.
  | 'password_changed'
  | 'password_reset'
  // (issue 10, moderation) a moderator suspended the account.
  | 'suspended';

/**
 * A session that is gone: its sockets close with 4401 (WS_CLOSE.SESSION_ENDED), or 4003
 * (WS_CLOSE.SUSPENDED) when a moderator suspended its user.
 */
export interface SessionEnd {
  userId: number;
  sessionId: number;
  reason: SessionEndReason;
}

/**
 * What one write transaction committed, for the publisher to fan out. Everything here is
 * stored already; a listener only tells others about it. Plain data (the events carry their
 * JSON), so a cross-process bus can carry it as it is (server/README.md, "The outbox").
 */
export interface Committed {
  /** The event-log rows written, in commit order, each serialized once. */
  readonly events: readonly DurableEvent[];
  /**
   * `notification` events written in bulk (a new post's followers, maybe thousands and
   * mostly offline): delivered only to users connected now; the rest read them from the log.
   */
  readonly fanOut: readonly FanOutEvent[];
  /** Users whose unread counts changed besides the `notification` events' own (a read mark). */
  readonly unreadChanged: readonly number[];
  readonly sessionsEnded: readonly SessionEnd[];
}

export const NOTHING_COMMITTED: Committed = {
  events: [],
  fanOut: [],
  unreadChanged: [],
  sessionsEnded: [],
};

/** A Committed with only some parts (for effects that need no transaction of their own). */
export const committed = (part: Partial<Committed>): Committed => ({
  ...NOTHING_COMMITTED,
  ...part,
});

export const isEmpty = (c: Committed): boolean =>
  c.events.length === 0 &&
  c.fanOut.length === 0 &&
  c.unreadChanged.length === 0 &&
  c.sessionsEnded.length === 0;

/** Whether the feed (posts and their comment counts) changed: the feed cache drops its pages. */
export const changesFeed = (c: Committed): boolean =>
  c.events.some(
    (e) =>
      e.type === 'post.created' ||
      e.type === 'comment.created' ||
      // Edited, restored, pinned or locked; or deleted.
      e.type === 'post.updated' ||
      e.type === 'post.deleted' ||
      // Feed items name their categories.
      e.type === 'category.updated' ||
      e.type === 'category.deleted' ||
      // (issue 12) Feed items carry their reaction counts: a post's reaction (the payload
      // leads with its item type, services/reactions.service.ts).
      (e.type.startsWith('reaction.') && e.json.includes('"payload":{"type":"post"')),
  );
