/** One post with its comments (the only place comments show), kept live by `comment.created`. */
import type { Comment, Post, PostSummary } from '@common/api';
import { api, ApiError, errorMessage } from '../lib/api';
import { newItems } from '../lib/merge';

const PAGE = 50;

export class PostViewState {
  post = $state<Post | null>(null);
  comments = $state<Comment[]>([]);
  nextAfter = $state<number | null>(null);
  loading = $state(true);
  loadingMore = $state(false);
  notFound = $state(false);
  error = $state<string | null>(null);
  #abort = new AbortController();
  /** Comments that arrived after load and were added to the count. */
  #counted: number[] = [];
  /** Live comments received while the post is loading (null when it is not). */
  #arrivedWhileLoading: Comment[] | null = null;

  constructor(readonly id: number) {}

  /**
   * The post and its first page of comments. Comments that arrive live meanwhile are applied
   * after them: the page may have been read before they were committed.
   */
  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    this.#arrivedWhileLoading = [];
    try {
      const [post, page] = await Promise.all([
        api.post(this.id, this.#abort.signal),
        api.comments(this.id, { limit: PAGE }, this.#abort.signal),
      ]);
      this.post = post;
      this.#merge(page.items);
      this.nextAfter = page.nextAfter;
      const arrived = this.#arrivedWhileLoading;
      this.#arrivedWhileLoading = null;
      for (const comment of arrived) this.receive(comment);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (e instanceof ApiError && e.code === 'NOT_FOUND') this.notFound = true;
      else this.error = errorMessage(e);
    } finally {
      this.loading = false;
      this.#arrivedWhileLoading = null;
    }
  }

  async loadMore(): Promise<void> {
    if (this.loadingMore || this.nextAfter === null) return;
    this.loadingMore = true;
    try {
      const page = await api.comments(
        this.id,
        { after: this.nextAfter, limit: PAGE },
        this.#abort.signal,
      );
      this.#merge(page.items);
      this.nextAfter = page.nextAfter;
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) this.error = errorMessage(e);
    } finally {
      this.loadingMore = false;
    }
  }

  /** A comment I just posted (from the POST answer) or one that arrived live. */
  receive(comment: Comment): void {
    if (this.#arrivedWhileLoading && comment.postId === this.id) {
      this.#arrivedWhileLoading.push(comment);
      return;
    }
    if (comment.postId !== this.id || !this.post || this.#counted.includes(comment.id)) return;
    if (this.comments.some((c) => c.id === comment.id)) return;
    this.#counted.push(comment.id);
    this.post.commentCount += 1;
    // With later pages not loaded yet, a live comment would sit out of order: paging brings it.
    if (this.nextAfter === null) this.#merge([comment]);
  }

  /** `post.updated` for this post: pinned or locked changed (the body here stays whole). */
  receiveUpdate(post: PostSummary): void {
    if (post.id !== this.id || !this.post) return;
    this.post.pinned = post.pinned;
    this.post.locked = post.locked;
  }

  async addComment(body: string): Promise<Comment> {
    const comment = await api.createComment(this.id, { body });
    this.receive(comment);
    return comment;
  }

  #merge(items: Comment[]): boolean {
    const fresh = newItems(this.comments, items);
    if (fresh.length === 0) return false;
    this.comments = [...this.comments, ...fresh].sort((a, b) => a.id - b.id);
    return true;
  }

  destroy(): void {
    this.#abort.abort();
  }
}
