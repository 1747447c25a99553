import type { Comment, CommentPage, UserRef } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { CommentsStore } from '../store/comments.store';
import type { PostsStore } from '../store/posts.store';
import type { MentionsNotifier } from './mentions.service';
import type { FilesService } from './files.service';
import type { NotificationsService } from './notifications.service';

/** A post's comments (oldest first, cursor paging) and new comments. */
export class CommentsService {
  constructor(
    private readonly comments: CommentsStore,
    private readonly posts: PostsStore,
    private readonly notifications: NotificationsService,
    private readonly writer: Writer,
    private readonly clock: () => number,
    /** @mentions (issue 12); absent in tests that build the service alone. */
    private readonly mentions?: MentionsNotifier,
    /** Attachments (issue 12): hung on the comment in its own transaction. Tests of
     * the outbox alone leave it out. */
    private readonly files?: FilesService,
  ) {}

  /** A deleted post's thread is NOT_FOUND, unless `staff` (moderators and up). */
  list(
    postId: number,
    q: { after?: number; limit: number },
    options: { staff?: boolean } = {},
  ): CommentPage {
    const found = options.staff ? this.posts.existsAny(postId) : this.posts.exists(postId);
    if (!found) throw new AppError('NOT_FOUND', `There is no post ${postId}.`);
    const rows = this.comments.page({
      postId,
      ...(q.after !== undefined ? { after: q.after } : {}),
      limit: q.limit + 1,
    });
    const items =
      this.files?.withAttachments('comment', rows.slice(0, q.limit)) ?? rows.slice(0, q.limit);
    const more = rows.length > q.limit;
    return { items, nextAfter: more ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Stores the comment, bumps its post's count, notifies the post's author and thread, and
   * writes a `comment.created` event and one `notification` event per recipient: all in one
   * transaction, published after it commits.
   */
  create(
    postId: number,
    author: UserRef,
    body: string,
    attachments: readonly number[] = [],
  ): Comment {
    const createdAt = new Date(this.clock()).toISOString();
    return this.writer.write((tx) => this.store(tx, postId, author, body, createdAt, attachments));
  }

  /**
   * The same, group-committed with the other REST writes arriving meanwhile (one fsync for
   * all of them, Writer.writeGrouped): resolves once the comment is durable and published.
   */
  createGrouped(
    postId: number,
    author: UserRef,
    body: string,
    attachments: readonly number[] = [],
  ): Promise<Comment> {
    const createdAt = new Date(this.clock()).toISOString();
    // Refused before queueing; checked again in the transaction (FilesService.attach).
    this.files?.assertAttachable(author.id, attachments);
    return this.writer.writeGrouped((tx) =>
      this.store(tx, postId, author, body, createdAt, attachments),
    );
  }

  private store(
    tx: Transaction,
    postId: number,
    author: UserRef,
    body: string,
    createdAt: string,
    attachmentIds: readonly number[],
  ): Comment {
    // Inside the transaction: a lock that commits first wins over a comment on its way.
    if (this.posts.isLocked(postId) === true) {
      throw new AppError('POST_LOCKED', 'This post is locked: new comments are closed.');
    }
    const target = this.posts.bumpCommentCount(tx, postId);
    if (!target) throw new AppError('NOT_FOUND', `There is no post ${postId}.`);
    const comment: Comment = {
      id: this.comments.insert(tx, { postId, authorId: author.id, body, createdAt }),
      postId,
      body,
      author: { id: author.id, nickname: author.nickname },
      createdAt,
      editedAt: null,
      deleted: false,
    };
    const attachments =
      this.files?.attach(tx, author.id, 'comment', comment.id, attachmentIds) ?? [];
    if (attachments.length > 0) comment.attachments = attachments;
    tx.event('comment.created', { comment }, null);
    const post = { id: postId, ...target };
    // A mention says more than "commented on your post": those it notifies get only it.
    const mentioned = this.mentions?.notify(tx, {
      actor: comment.author,
      place: { kind: 'comment', postId, commentId: comment.id, title: target.title },
      before: null,
      after: body,
      createdAt,
    });
    for (const n of this.notifications.forComment(tx, comment, post, new Set(mentioned))) {
      tx.event('notification', n.notification, [n.userId]);
    }
    return comment;
  }
}
