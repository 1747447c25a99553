/**
 * The post feed: newest first with cursor paging, a category filter, and live posts from others
 * held back behind a "N new posts" pill so the page never jumps under the reader. Items are feed
 * items (`PostSummary`: the body capped, as GET /api/posts and `post.created` carry it); the
 * post view fetches the whole post.
 */
import type { CategoryListItem, CreatePostRequest, Post, PostSummary } from '@common/api';
import { api, errorMessage } from '../lib/api';
import { appendNew, prependNew } from '../lib/merge';

const PAGE = 20;

export class FeedState {
  categories = $state<CategoryListItem[]>([]);
  category = $state<number | null>(null);
  posts = $state<PostSummary[]>([]);
  incoming = $state<PostSummary[]>([]);
  nextBefore = $state<number | null>(null);
  loaded = $state(false);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state<string | null>(null);
  #generation = 0;
  /** Live posts received while a first page is loading (null when none is). */
  #arrivedWhileLoading: PostSummary[] | null = null;

  constructor(private readonly myId: () => number | undefined) {}

  async loadCategories(): Promise<void> {
    try {
      this.categories = await api.categories();
    } catch {
      // The chips are optional; the feed itself reports errors.
    }
  }

  /**
   * Follows or unfollows a category (its new posts then notify me). The toggle shows the new
   * state at once and goes back if the server refuses; throws that error for the caller.
   */
  async setFollowing(id: number, following: boolean): Promise<void> {
    const set = (value: boolean) => {
      const c = this.categories.find((x) => x.id === id);
      if (c) c.following = value;
    };
    set(following);
    try {
      await api.followCategory(id, following);
    } catch (e) {
      set(!following);
      throw e;
    }
  }

  /**
   * (Re)load the first page, e.g. on a filter change or a resync. Posts that arrive live while
   * the page is on its way are kept and applied after it: the page may have been read before
   * they were committed, and their event may land before the page does.
   */
  async load(category: number | null = this.category): Promise<void> {
    const gen = ++this.#generation;
    this.category = category;
    this.loading = true;
    this.error = null;
    this.#arrivedWhileLoading = [];
    try {
      const page = await api.posts({ category, limit: PAGE });
      if (gen !== this.#generation) return;
      this.posts = page.items;
      this.nextBefore = page.nextBefore;
      this.incoming = [];
      this.loaded = true;
      const arrived = this.#arrivedWhileLoading;
      this.#arrivedWhileLoading = null;
      for (const post of arrived) this.receivePost(post);
    } catch (e) {
      if (gen !== this.#generation) return;
      this.error = errorMessage(e);
    } finally {
      if (gen === this.#generation) {
        this.loading = false;
        this.#arrivedWhileLoading = null;
      }
    }
  }

  async loadMore(): Promise<void> {
    if (this.loadingMore || this.loading || this.nextBefore === null) return;
    const gen = this.#generation;
    this.loadingMore = true;
    try {
      const page = await api.posts({
        category: this.category,
        before: this.nextBefore,
        limit: PAGE,
      });
      if (gen !== this.#generation) return;
      this.posts = appendNew(this.posts, page.items);
      this.nextBefore = page.nextBefore;
    } catch (e) {
      if (gen === this.#generation) this.error = errorMessage(e);
    } finally {
      this.loadingMore = false;
    }
  }

  #matchesFilter(post: PostSummary): boolean {
    return this.category === null || post.categories.some((c) => c.id === this.category);
  }

  #known(id: number): boolean {
    return this.posts.some((p) => p.id === id) || this.incoming.some((p) => p.id === id);
  }

  /** Publishes and puts the post at the top right away (the live event is then a duplicate). */
  async publish(req: CreatePostRequest): Promise<Post> {
    const post = await api.createPost(req);
    if (this.loaded && this.#matchesFilter(post) && !this.#known(post.id))
      this.posts = [post, ...this.posts];
    return post;
  }

  /** A post arrived live. Mine goes straight in (I just wrote it); others wait behind the pill. */
  receivePost(post: PostSummary): void {
    if (this.#arrivedWhileLoading) {
      this.#arrivedWhileLoading.push(post);
      return;
    }
    if (!this.loaded || !this.#matchesFilter(post) || this.#known(post.id)) return;
    if (post.author.id === this.myId()) this.posts = [post, ...this.posts];
    else this.incoming = [post, ...this.incoming];
  }

  showIncoming(): void {
    this.posts = prependNew(this.posts, this.incoming);
    this.incoming = [];
  }

  /**
   * `post.updated`: an edit replaces the card in place (its comment count stays ours: the
   * event's may be older than a comment counted since). A post this feed does not show (a
   * restore) goes in by id, if it belongs to the loaded range and the filter.
   */
  updatePost(post: PostSummary): void {
    let found = false;
    for (const list of [this.posts, this.incoming]) {
      const i = list.findIndex((p) => p.id === post.id);
      if (i < 0) continue;
      found = true;
      if (!this.#matchesFilter(post)) list.splice(i, 1);
      else list[i] = { ...post, commentCount: list[i]!.commentCount };
    }
    if (found || !this.loaded || !this.#matchesFilter(post)) return;
    if (this.nextBefore !== null && post.id < this.nextBefore) return;
    this.posts = [...this.posts, post].sort((a, b) => b.id - a.id);
  }

  /** `post.deleted`: gone from the feed and the pill. */
  removePost(id: number): void {
    this.posts = this.posts.filter((p) => p.id !== id);
    this.incoming = this.incoming.filter((p) => p.id !== id);
  }

  /** Keep the comment counts on cards current. */
  countComment(postId: number): void {
    for (const list of [this.posts, this.incoming]) {
      const p = list.find((x) => x.id === postId);
      if (p) p.commentCount += 1;
    }
  }
}
