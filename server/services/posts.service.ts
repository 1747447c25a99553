import type { Category, CreatePostRequest, Post, PostPage, UserRef } from '../../common/api';
import { LIMITS } from '../../common/limits';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { CategoriesStore } from '../store/categories.store';
import { summarize } from '../store/post-excerpt';
import type { PostsStore } from '../store/posts.store';
import type { MentionsNotifier } from './mentions.service';
import type { FilesService } from './files.service';
import type { NotificationsService } from './notifications.service';

interface KnownCategories {
  ids: number[];
  categories: Category[];
}

export interface ListPostsQuery {
  category?: number;
  before?: number;
  limit: number;
  /** (issue 12) "My posts" and/or "Posts I liked" of this reader: no pins first. */
  filter?: { userId: number; mine: boolean; liked: boolean };
}

/** Categories, the feed (newest first, cursor paging, bodies capped) and new posts. */
export class PostsService {
  constructor(
    private readonly posts: PostsStore,
    private readonly categories: CategoriesStore,
    private readonly notifications: NotificationsService,
    private readonly writer: Writer,
    private readonly clock: () => number,
    /** @mentions (issue 12); absent in tests that build the service alone. */
    private readonly mentions?: MentionsNotifier,
    /** Attachments (issue 12): hung on the post in its own transaction. Tests of the
     * outbox alone leave it out. */
    private readonly files?: FilesService,
  ) {}

  list(q: ListPostsQuery): PostPage {
    if (q.category !== undefined && !this.categories.exists(q.category)) {
      throw new AppError('UNKNOWN_CATEGORY', `There is no category ${q.category}.`, {
        field: 'category',
      });
    }
    if (q.filter) {
      const rows = this.posts.filteredPage({
        ...q.filter,
        ...(q.category !== undefined ? { categoryId: q.category } : {}),
        ...(q.before !== undefined ? { before: q.before } : {}),
        limit: q.limit + 1,
      });
      const items = rows.slice(0, q.limit);
      return { items, nextBefore: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
    }
    // One extra row tells whether an older page exists, without a COUNT.
    const rows = this.posts.page({
      ...(q.category !== undefined ? { categoryId: q.category } : {}),
      ...(q.before !== undefined ? { before: q.before } : {}),
      limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    const more = rows.length > q.limit;
    const nextBefore = more ? (items.at(-1)?.id ?? null) : null;
    // The first page leads with the pinned posts (the pages leave them out, so each post is
    // listed once); `limit` counts the others, so paging is the same with or without pins.
    if (q.before !== undefined) return { items, nextBefore };
    const pinned = this.posts.pinned({
      ...(q.category !== undefined ? { categoryId: q.category } : {}),
      limit: LIMITS.pageSize.max,
    });
    return { items: pinned.length > 0 ? [...pinned, ...items] : items, nextBefore };
  }

  /** A deleted post is NOT_FOUND, unless `staff` (moderators and up, who may restore it). */
  get(id: number, options: { staff?: boolean } = {}): Post {
    const post = this.posts.byId(id);
    if (!post || (post.deleted && !options.staff)) {
      throw new AppError('NOT_FOUND', `There is no post ${id}.`);
    }
    const attachments = this.files?.forItem('post', id) ?? [];
    return attachments.length > 0 ? { ...post, attachments } : post;
  }

  /**
   * Stores the post, its `post.created` event, and a `post_in_category` notification with
   * its event for each follower of its categories: one transaction, published after it
   * commits.
   */
  create(author: UserRef, input: CreatePostRequest): Post {
    const known = this.knownCategories(input);
    const createdAt = new Date(this.clock()).toISOString();
    return this.writer.write((tx) => this.store(tx, author, input, known, createdAt));
  }

  /**
   * The same, group-committed with the other REST writes arriving meanwhile (one fsync for
   * all of them, Writer.writeGrouped): resolves once the post is durable and published.
   */
  createGrouped(author: UserRef, input: CreatePostRequest): Promise<Post> {
    const known = this.knownCategories(input);
    // Refused before queueing; checked again in the transaction (FilesService.attach).
    this.files?.assertAttachable(author.id, input.attachments ?? []);
    const createdAt = new Date(this.clock()).toISOString();
    return this.writer.writeGrouped((tx) => this.store(tx, author, input, known, createdAt));
  }

  /** The post's category ids (each once) and categories, or UNKNOWN_CATEGORY. */
  knownCategories(input: CreatePostRequest): KnownCategories {
    const ids = [...new Set(input.categoryIds)];
    const categories = this.categories.byIds(ids);
    if (categories.length !== ids.length) {
      const known = new Set(categories.map((c) => c.id));
      const unknown = ids.filter((id) => !known.has(id));
      throw new AppError('UNKNOWN_CATEGORY', `Unknown category: ${unknown.join(', ')}.`, {
        field: 'categoryIds',
      });
    }
    return { ids, categories };
  }

  private store(
    tx: Transaction,
    author: UserRef,
    input: CreatePostRequest,
    { ids, categories }: KnownCategories,
    createdAt: string,
  ): Post {
    const id = this.posts.insert(
      tx,
      { authorId: author.id, title: input.title, body: input.body, createdAt },
      ids,
    );
    const post: Post = {
      id,
      title: input.title,
      body: input.body,
      bodyTruncated: false,
      author: { id: author.id, nickname: author.nickname },
      categories,
      createdAt,
      commentCount: 0,
      pinned: false,
      locked: false,
      editedAt: null,
    };
    const attachments =
      this.files?.attach(tx, author.id, 'post', id, input.attachments ?? []) ?? [];
    if (attachments.length > 0) {
      post.attachments = attachments;
      // The feed's mark (issue 12), as GET /api/posts counts them.
      post.attachmentCount = attachments.length;
      post.imageCount = attachments.filter((a) => a.kind === 'image').length;
    }
    // The live event is a feed item, as GET /api/posts has it: feeds add it as it is, and
    // every connected client (and the event log) gets the capped body, not 20,000 characters.
    const summary = summarize(post);
    tx.event('post.created', { post: summary }, null);
    // Followers are notified in bulk (one INSERT … SELECT each for the rows and their events).
    const batch = this.notifications.forPost(tx, summary);
    if (batch) tx.notificationFanOut(batch.afterId, batch.shared);
    this.mentions?.notify(tx, {
      actor: post.author,
      place: { kind: 'post', postId: id, title: input.title },
      before: null,
      after: input.body,
      createdAt,
    });
    return post;
  }
}
