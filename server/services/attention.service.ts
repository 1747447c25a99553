import type { NotificationGroupPage, PostAttention, PostLevel } from '../../common/attention';
import { MENTION_KIND } from '../../common/attention';
import type { ListNotificationGroupsQuery } from '../../common/attention-api';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { AttentionStore } from '../store/attention.store';
import type { NotificationGroupsStore } from '../store/notification-groups.store';
import type { PostsStore } from '../store/posts.store';

/** `POST /api/posts/:id/read`'s answer: where the reader had got to before this visit. */
export interface PostOpened {
  /** The newest comment id seen at the last visit; null: never opened before (all new). */
  previousLastCommentId: number | null;
}

/**
 * Attention (issue 13): grouped notifications, per-post levels, and what opening a post
 * clears (its notifications, on every device; its "new comments" mark in the feed).
 */
export class AttentionService {
  constructor(
    private readonly store: AttentionStore,
    private readonly groups: NotificationGroupsStore,
    private readonly posts: PostsStore,
    private readonly writer: Writer,
    private readonly clock: () => number,
  ) {}

  notificationGroups(userId: number, q: ListNotificationGroupsQuery): NotificationGroupPage {
    const rows = this.groups.page({
      userId,
      kind: q.filter === 'mentions' ? MENTION_KIND : null,
      unreadOnly: q.filter === 'unread',
      ...(q.before !== undefined ? { before: q.before } : {}),
      limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    return { items, nextBefore: rows.length > q.limit ? (items.at(-1)?.latestId ?? null) : null };
  }

  level(userId: number, postId: number): PostAttention {
    this.requirePost(postId);
    const explicit = this.store.levelOf(userId, postId);
    if (explicit) return { level: explicit, explicit: true };
    return { level: 'normal', explicit: false };
  }

  /** A preference of one's own (like a read mark): no event, nobody else sees it. */
  setLevel(userId: number, postId: number, level: PostLevel): PostAttention {
    this.requirePost(postId);
    this.writer.write((tx) => this.store.setLevel(tx, userId, postId, level));
    return { level, explicit: true };
  }

  /**
   * The reader opened the post: its notifications become read (every device hears
   * `notifications.read`, and the new unread count), and the feed's "new comments" mark moves
   * to the newest comment. Nothing to change (the usual case of a second look) writes nothing;
   * otherwise the write joins the group commit with the other REST writes of the moment.
   */
  async openPost(userId: number, postId: number): Promise<PostOpened> {
    this.requirePost(postId);
    const previous = this.store.readOf(userId, postId);
    const lastCommentId = this.store.lastCommentId(postId);
    const unread = this.store.unreadOnPost(userId, postId);
    const opened = { previousLastCommentId: previous ?? null };
    if (unread === 0 && previous !== undefined && previous >= lastCommentId) return opened;
    await this.writer.writeGrouped((tx) => {
      this.store.markRead(tx, { userId, postId, lastCommentId, ms: this.clock() });
      if (this.store.markPostNotificationsRead(tx, userId, postId) > 0) {
        tx.unreadChanged(userId);
        tx.event('notifications.read', { postId }, [userId]);
      }
    });
    return opened;
  }

  private requirePost(postId: number): void {
    if (!this.posts.exists(postId)) throw new AppError('NOT_FOUND', `There is no post ${postId}.`);
  }
}
