import type { Comment, CommentPage, UserRef } from '../../common/api';
import type { Db } from '../../db/open-db';
import { AppError } from '../errors/app-error';
import type { ForumEventBus } from '../events/forum-events';
import { NO_JOURNAL, type ForumJournal } from '../events/forum-journal';
import type { CommentsStore } from '../store/comments.store';
import type { PostsStore } from '../store/posts.store';

/** A post's comments (oldest first, cursor paging) and new comments. */
export class CommentsService {
  constructor(
    private readonly db: Db,
    private readonly comments: CommentsStore,
    private readonly posts: PostsStore,
    private readonly bus: ForumEventBus,
    private readonly clock: () => number,
    private readonly journal: ForumJournal = NO_JOURNAL,
  ) {}

  list(postId: number, q: { after?: number; limit: number }): CommentPage {
    if (!this.posts.exists(postId)) throw new AppError('NOT_FOUND', `There is no post ${postId}.`);
    const rows = this.comments.page({
      postId,
      ...(q.after !== undefined ? { after: q.after } : {}),
      limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    const more = rows.length > q.limit;
    return { items, nextAfter: more ? (items.at(-1)?.id ?? null) : null };
  }

  create(postId: number, author: UserRef, body: string): Comment {
    const createdAt = new Date(this.clock()).toISOString();
    const { comment, post, publish } = this.db.transaction(() => {
      const target = this.posts.bumpCommentCount(postId);
      if (!target) throw new AppError('NOT_FOUND', `There is no post ${postId}.`);
      const comment: Comment = {
        id: this.comments.insert({ postId, authorId: author.id, body, createdAt }),
        postId,
        body,
        author: { id: author.id, nickname: author.nickname },
        createdAt,
      };
      const post = { id: postId, ...target };
      // The event-log rows and the notifications commit with the comment (see ForumJournal).
      return { comment, post, publish: this.journal.record('comment.created', { comment, post }) };
    })();
    publish();
    this.bus.emit('comment.created', { comment, post });
    return comment;
  }
}
