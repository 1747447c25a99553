import type { CategoryListItem } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { CategoriesStore } from '../store/categories.store';
import type { FollowsStore } from '../store/follows.store';

/**
 * Following categories: a follower gets a `post_in_category` notification for each new post
 * in them (written by NotificationsService.forPost). Following and unfollowing are
 * idempotent: the result is the same however many times they are sent.
 */
export class FollowsService {
  constructor(
    private readonly follows: FollowsStore,
    private readonly categories: CategoriesStore,
    private readonly writer: Writer,
  ) {}

  /** The categories not archived, in order, each saying whether `userId` follows it. */
  categoriesFor(userId: number): CategoryListItem[] {
    const followed = new Set(this.follows.followedBy(userId));
    return this.categories.active().map((c) => ({ ...c, following: followed.has(c.id) }));
  }

  follow(userId: number, categoryId: number): void {
    this.mustExist(categoryId);
    this.writer.write((tx) => this.follows.follow(tx, userId, categoryId));
  }

  unfollow(userId: number, categoryId: number): void {
    this.mustExist(categoryId);
    this.writer.write((tx) => this.follows.unfollow(tx, userId, categoryId));
  }

  private mustExist(categoryId: number): void {
    if (!this.categories.exists(categoryId)) {
      throw new AppError('NOT_FOUND', `There is no category ${categoryId}.`);
    }
  }
}
