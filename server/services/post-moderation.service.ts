import type { PostSummary } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { ModerationLogStore } from '../store/moderation-log.store';
import { summarize } from '../store/post-excerpt';
import type { PostsStore } from '../store/posts.store';
import { STAFF, type RolesService } from './roles.service';

type Flag = 'pinned' | 'locked';

const ACTION: Record<Flag, [on: string, off: string]> = {
  pinned: ['post.pin', 'post.unpin'],
  locked: ['post.lock', 'post.unlock'],
};

/**
 * Moderators, admins and the owner pin posts (first in the feed) and lock them (no new
 * comments). Each change is one transaction: the post, its `post.updated` event and a
 * moderation log entry. Setting what is already set changes nothing and logs nothing.
 */
export class PostModerationService {
  constructor(
    private readonly posts: PostsStore,
    private readonly log: ModerationLogStore,
    private readonly roles: RolesService,
    private readonly writer: Writer,
    private readonly clock: () => number,
  ) {}

  setPinned(actorId: number, postId: number, on: boolean, reason: string | null): PostSummary {
    return this.set(actorId, postId, 'pinned', on, reason);
  }

  setLocked(actorId: number, postId: number, on: boolean, reason: string | null): PostSummary {
    return this.set(actorId, postId, 'locked', on, reason);
  }

  private set(
    actorId: number,
    postId: number,
    flag: Flag,
    on: boolean,
    reason: string | null,
  ): PostSummary {
    this.roles.require(actorId, STAFF, flag === 'pinned' ? 'pin posts' : 'lock posts');
    return this.writer.write((tx) => {
      const before = this.posts.byId(postId);
      if (!before) throw new AppError('NOT_FOUND', `There is no post ${postId}.`);
      if (before[flag] === on) return summarize(before);
      const at = on ? new Date(this.clock()).toISOString() : null;
      if (flag === 'pinned') this.posts.setPinned(tx, postId, at);
      else this.posts.setLocked(tx, postId, at);
      return this.publish(tx, actorId, postId, ACTION[flag][on ? 0 : 1]!, reason);
    });
  }

  private publish(
    tx: Transaction,
    actorId: number,
    postId: number,
    action: string,
    reason: string | null,
  ): PostSummary {
    const post = summarize(this.posts.byId(postId)!);
    tx.event('post.updated', { post }, null);
    this.log.record(tx, {
      at: this.clock(),
      actorId,
      action,
      targetType: 'post',
      targetId: postId,
      targetUserId: post.author.id,
      reason,
    });
    return post;
  }
}
