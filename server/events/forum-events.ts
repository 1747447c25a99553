import type { Comment, PostSummary, UserRef } from '../../common/api';
import { EventBus } from './event-bus';

export type SessionEndReason = 'logout' | 'expired' | 'replaced';

/**
 * What the services announce. The live layer (WebSocket hub) subscribes to these to push
 * events, write notifications and close the sockets of ended sessions.
 */
export interface ForumEvents {
  'user.signedUp': { user: UserRef };
  /** The new post as a feed item (body capped); the whole post is GET /api/posts/:id. */
  'post.created': { post: PostSummary };
  'comment.created': { comment: Comment; post: { id: number; authorId: number; title: string } };
  /** A session is gone: its sockets must close with 4401 (WS_CLOSE.SESSION_ENDED). */
  'session.ended': { sessionId: number; userId: number; reason: SessionEndReason };
}

export type ForumEventBus = EventBus<ForumEvents>;
