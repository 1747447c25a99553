/**
 * One post with its comments (the only place comments show), kept live by `comment.created`
 * and the edit events (`post.updated`, `post.deleted`, `comment.updated`, `comment.deleted`).
 */
import type { Attachment, Comment, Post, PostSummary, UpdatePostRequest } from '@common/api';
import { api, ApiError, errorMessage } from '../lib/api';
import { editsApi } from '../lib/edits-api';
import { newItems } from '../lib/merge';

const PAGE = 50;

/**
 * An answer or event without `attachments` (a restore, a pin) leaves the files as they were;
 * edits always carry them ([] when the edit removed the last).
 */
const keepAttachments = <T extends { attachments?: Attachment[] }>(next: T, prev?: T): T =>
  next.attachments || !prev?.attachments ? next : { ...next, attachments: prev.attachments };

export class PostViewState {
  post = $state<Post | null>(null);
  comments = $state<Comment[]>([]);
  nextAfter = $state<number | null>(null);
  loading = $state(true);
  loadingMore = $state(false);
  notFound = $state(false);
  error = $state<string | null>(null);
  /** Deleted while open (or a deleted post a moderator opened): shown as such. */
  deleted = $state(false);
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
      this.deleted = post.deleted === true;
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

  async addComment(body: string, attachments: readonly number[] = []): Promise<Comment> {
    const comment = await api.createComment(
      this.id,
      attachments.length > 0 ? { body, attachments: [...attachments] } : { body },
    );
    this.receive(comment);
    return comment;
  }

  /**
   * `post.updated`: an edit, a restore, a pin or a lock. A capped feed item means: fetch the
   * whole post.
   */
  applyPost(summary: PostSummary, attachments?: Attachment[]): void {
    if (summary.id !== this.id || !this.post) return;
    if (attachments) this.post.attachments = attachments;
    this.deleted = false;
    if (summary.bodyTruncated) {
      void api.post(this.id, this.#abort.signal).then(
        (post) => (this.post = post),
        () => undefined,
      );
      return;
    }
    const { title, body, categories, editedAt, pinned, locked } = summary;
    Object.assign(this.post, {
      title,
      body,
      categories,
      editedAt,
      pinned,
      locked,
      deleted: undefined,
    });
  }

  /** `post.deleted`: its text is gone from every client. */
  applyPostDeleted(id: number): void {
    if (id !== this.id || !this.post) return;
    this.deleted = true;
    Object.assign(this.post, { title: '', body: '' });
  }

  /** `comment.updated`: an edit or a restore, in place. */
  applyComment(comment: Comment): void {
    if (comment.postId !== this.id) return;
    const i = this.comments.findIndex((c) => c.id === comment.id);
    if (i >= 0) this.comments[i] = keepAttachments(comment, this.comments[i]);
  }

  /** `comment.deleted`: it stays as a placeholder. */
  applyCommentDeleted(id: number): void {
    const c = this.comments.find((x) => x.id === id);
    if (c) Object.assign(c, { body: '', deleted: true });
  }

  async editPost(req: UpdatePostRequest): Promise<void> {
    this.post = keepAttachments(await editsApi.editPost(this.id, req), this.post ?? undefined);
  }

  async deletePost(reason?: string): Promise<void> {
    await editsApi.deletePost(this.id, reason);
    this.applyPostDeleted(this.id);
  }

  async restorePost(): Promise<void> {
    this.post = await editsApi.restorePost(this.id);
    this.deleted = false;
  }

  async editComment(id: number, body: string, attachments?: number[]): Promise<void> {
    this.applyComment(
      await editsApi.editComment(id, { body, ...(attachments ? { attachments } : {}) }),
    );
  }

  async deleteComment(id: number, reason?: string): Promise<void> {
    await editsApi.deleteComment(id, reason);
    this.applyCommentDeleted(id);
  }

  async restoreComment(id: number): Promise<void> {
    this.applyComment(await editsApi.restoreComment(id));
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
