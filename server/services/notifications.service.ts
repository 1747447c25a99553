import type {
  Comment,
  MarkNotificationsReadRequest,
  Notification,
  NotificationPage,
  PostSummary,
} from '../../common/api';
import type { Writer } from '../events/outbox';
import type { NotificationsStore } from '../store/notifications.store';
import { commentRecipients, type LevelsReader } from './post-levels';
import type { WriteTx } from '../store/write-tx';

/** A stored notification and who it is for. */
export interface AddressedNotification {
  userId: number;
  notification: Notification;
}

/** Notifications written in bulk: every row above `afterId` has these fields but its id. */
export interface NotificationBatch {
  afterId: number;
  count: number;
  shared: Omit<Notification, 'id'>;
}

/**
 * Notifications: a new comment on your post, a comment on a post you commented on, and a new
 * post in a category you follow. You are never notified of your own actions. The text is
 * rendered once, when it is created.
 */
export class NotificationsService {
  constructor(
    private readonly store: NotificationsStore,
    private readonly writer: Writer,
    /** Per-post levels (issue 13): who watches a post, who muted it (none: defaults only). */
    private readonly levels: LevelsReader = { levelsOn: () => [] },
  ) {}

  list(userId: number, q: { before?: number; limit: number }): NotificationPage {
    const rows = this.store.page({
      userId,
      ...(q.before !== undefined ? { before: q.before } : {}),
      limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    const more = rows.length > q.limit;
    return { items, nextBefore: more ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Returns how many changed; ids of other users' notifications are ignored. Every socket of
   * the user then gets the new `unread` (through the outbox, after the commit).
   */
  markRead(userId: number, request: MarkNotificationsReadRequest): number {
    return this.writer.write((tx) => {
      tx.unreadChanged(userId);
      const changed =
        'all' in request
          ? this.store.markAllRead(tx, userId)
          : this.store.markRead(tx, userId, request.ids);
      // The user's other devices mark the same rows read (issue 13).
      if (changed > 0) {
        tx.event('notifications.read', 'all' in request ? { all: true } : { ids: request.ids }, [
          userId,
        ]);
      }
      return changed;
    });
  }

  unreadCount(userId: number): number {
    return this.store.unreadCount(userId);
  }

  /**
   * The bell's number: the unread ROWS of the grouped list (issue 13), so "ana and 20 others
   * commented on …" counts once, as the panel shows it, not the raw notifications behind it.
   */
  unreadGroupCount(userId: number): number {
    return this.store.unreadGroupCount(userId);
  }

  /**
   * In the transaction that stored the post: each follower of any of its categories
   * (but its author) gets one `post_in_category` notification, however many of the post's
   * categories they follow. Written by one INSERT … SELECT, so a category with thousands of
   * followers costs one statement; null when nobody follows them.
   */
  forPost(tx: WriteTx, post: PostSummary): NotificationBatch | null {
    const actor = { id: post.author.id, nickname: post.author.nickname };
    const where = post.categories.map((c) => c.name).join(', ');
    const text = `${actor.nickname} posted “${post.title}” in ${where}`;
    const afterId = this.store.lastId();
    const count = this.store.insertForFollowers(tx, {
      actorId: actor.id,
      postId: post.id,
      categoryIds: post.categories.map((c) => c.id),
      text,
      createdAt: post.createdAt,
    });
    if (count === 0) return null;
    return {
      afterId,
      count,
      // Key order as forComment's objects, so both paths serialize alike.
      shared: {
        kind: 'post_in_category',
        actor,
        postId: post.id,
        text,
        createdAt: post.createdAt,
        read: false,
      },
    };
  }

  /**
   * In the transaction that stored the comment: the post's author hears of it
   * (`comment_on_post`), and so does everyone else who commented on the post before
   * (`comment_on_thread`); the commenter never does, nor those in `skip` (the comment
   * mentions them: they got a `mention` instead).
   */
  forComment(
    tx: WriteTx,
    comment: Comment,
    post: { id: number; authorId: number; title: string },
    skip: ReadonlySet<number> = new Set(),
  ): AddressedNotification[] {
    const actor = comment.author;
    const recipients = commentRecipients({
      actorId: actor.id,
      authorId: post.authorId,
      participants: this.store.participants(post.id),
      levels: this.levels.levelsOn(post.id),
    }).filter((r) => !skip.has(r.userId));
    const out: AddressedNotification[] = [];
    for (const { userId, kind, watching } of recipients) {
      const text =
        kind === 'comment_on_post'
          ? `${actor.nickname} commented on your post “${post.title}”`
          : watching
            ? `${actor.nickname} commented on “${post.title}”`
            : `${actor.nickname} also commented on “${post.title}”`;
      const id = this.store.insert(tx, {
        userId,
        kind,
        actorId: actor.id,
        postId: post.id,
        commentId: comment.id,
        text,
        createdAt: comment.createdAt,
      });
      out.push({
        userId,
        notification: {
          id,
          kind,
          actor: { id: actor.id, nickname: actor.nickname },
          postId: post.id,
          commentId: comment.id,
          text,
          createdAt: comment.createdAt,
          read: false,
        },
      });
    }
    return out;
  }
}
