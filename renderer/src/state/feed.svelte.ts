/**
 * The post feed: newest first with cursor paging, a category filter, and live posts from others
 * held back behind a "N new posts" pill so the page never jumps under the reader. Items are feed
 * items (`PostSummary`: the body capped, as GET /api/posts and `post.created` carry it); the
 * post view fetches the whole post.
 */
import type {
  CategoryInfo,
  CategoryListItem,
  CreatePostRequest,
  Post,
  PostSummary,
} from '@common/api';
import type { FeedSort, PostReadState } from '@common/attention';
import { api, errorMessage } from '../lib/api';
import { attentionApi } from '../lib/attention-api';
import { applyCategory, removeCategory, type CategoryLook } from '../lib/category-list';
import { appendNew, prependNew } from '../lib/merge';
import { placeUpdated } from '../lib/pinned-order';

const PAGE = 20;
const DENSITY_KEY = 'hearth.feed.density';

function readDensity(): 'cards' | 'compact' {
  try {
    return localStorage.getItem(DENSITY_KEY) === 'compact' ? 'compact' : 'cards';
  } catch {
    return 'cards';
  }
}

/** (issue 12) The feed's own filters, beside the category: all posts, mine, or those I liked. */
export type FeedFilter = 'all' | 'mine' | 'liked';

export class FeedState {
  categories = $state<CategoryListItem[]>([]);
  category = $state<number | null>(null);
  filter = $state<FeedFilter>('all');
  posts = $state<PostSummary[]>([]);
  incoming = $state<PostSummary[]>([]);
  nextBefore = $state<number | null>(null);
  loaded = $state(false);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state<string | null>(null);
  /** (issue 13) The order, from the address; latest activity unless the reader chose newest. */
  sort = $state<FeedSort>('newest');
  /** My read state per post id: never opened, or comments since I last opened it. */
  readState = $state<Record<string, PostReadState>>({});
  /** Cards or one line per post; kept in this browser. */
  density = $state<'cards' | 'compact'>(readDensity());
  /** Where the reader was when they left the feed (restored on Back). */
  scrollY = 0;
  #since = 0;
  #generation = 0;
  /** Live posts received while a first page is loading (null when none is). */
  #arrivedWhileLoading: PostSummary[] | null = null;

  /**
   * The latest name and colour of every category seen, archived ones included: a post shows its
   * categories as they are now (renamed live), even the ones no longer in the picker.
   */
  looks = $state<Record<number, CategoryLook>>({});
  #categoriesSeq = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly myId: () => number | undefined) {}

  async loadCategories(): Promise<void> {
    const seq = ++this.#categoriesSeq;
    try {
      const list = await api.categories();
      if (seq !== this.#categoriesSeq) return; // a newer load is on its way
      this.categories = list;
      for (const c of list) this.looks[c.id] = { name: c.name, color: c.color ?? null };
    } catch {
      // The chips are optional; the feed itself reports errors.
    }
  }

  /** A category's current name and colour (`fallback`: the name a post carried). */
  look(id: number, fallback: string): CategoryLook {
    return this.looks[id] ?? { name: fallback, color: null };
  }

  /** `category.created` / `category.updated`: shown at once, then the order from the server. */
  applyCategory(c: CategoryInfo): void {
    this.looks[c.id] = { name: c.name, color: c.color };
    this.categories = applyCategory(this.categories, c);
    this.#refreshCategoriesSoon();
  }

  /** `category.deleted` (only an empty one can be: no post shows it). */
  removeCategory(id: number): void {
    this.categories = removeCategory(this.categories, id);
    if (this.category === id) void this.load(null);
  }

  /** A reorder arrives as one event per category moved: one refetch after the burst. */
  #refreshCategoriesSoon(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      void this.loadCategories();
    }, 120);
  }

  destroy(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
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
  async load(category: number | null = this.category, sort: FeedSort = this.sort): Promise<void> {
    const gen = ++this.#generation;
    this.category = category;
    this.sort = sort;
    this.scrollY = 0;
    this.loading = true;
    this.error = null;
    this.#arrivedWhileLoading = [];
    try {
      // (issue 12) My posts / Posts I liked come newest first from GET /api/posts.
      const filter = this.#filterQuery();
      const full =
        sort === 'activity' && this.filter === 'all'
          ? await attentionApi.feed({ sort, category, limit: PAGE })
          : null;
      const page = full ?? (await api.posts({ category, limit: PAGE, ...filter }));
      if (gen !== this.#generation) return;
      this.posts = page.items;
      if (full) {
        this.readState = full.readState;
        this.#since = full.since;
      } else {
        this.readState = {};
        void this.#readStateOf(gen, category, null);
      }
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
      const before = this.nextBefore;
      if (this.sort === 'newest' || this.filter !== 'all') {
        // Newest first pages by id through the shared (cached) GET /api/posts, like the first
        // page, with my read state of it beside; (issue 12) a filtered feed too.
        const more = await api.posts({
          category: this.category,
          before,
          limit: PAGE,
          ...this.#filterQuery(),
        });
        if (gen !== this.#generation) return;
        this.posts = appendNew(this.posts, more.items);
        this.nextBefore = more.nextBefore;
        if (this.filter === 'all') void this.#readStateOf(gen, this.category, before);
        return;
      }
      const page = await attentionApi.feed({
        sort: this.sort,
        category: this.category,
        before,
        since: this.#since,
        limit: PAGE,
      });
      if (gen !== this.#generation) return;
      // Posts that became active since the first page move to the top (never lost, never twice).
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup used once, not state
      const moved = new Set(page.moved.map((p) => p.id));
      this.posts = appendNew(
        [...page.moved, ...this.posts.filter((p) => !moved.has(p.id))],
        page.items,
      );
      this.readState = { ...this.readState, ...page.readState };
      this.nextBefore = page.nextBefore;
    } catch (e) {
      if (gen === this.#generation) this.error = errorMessage(e);
    } finally {
      this.loadingMore = false;
    }
  }

  #matchesFilter(post: PostSummary): boolean {
    // A new post is nobody's like yet; mine are mine.
    if (this.filter === 'liked') return false;
    if (this.filter === 'mine' && post.author.id !== this.myId()) return false;
    return this.category === null || post.categories.some((c) => c.id === this.category);
  }

  #filterQuery(): { mine?: 1; liked?: 1 } {
    return this.filter === 'mine' ? { mine: 1 } : this.filter === 'liked' ? { liked: 1 } : {};
  }

  /** (issue 12) Shows "My posts" or "Posts I liked" (the URL's `show`), from the first page. */
  setFilter(filter: FeedFilter): void {
    if (filter === this.filter && (this.loaded || this.loading)) return;
    this.filter = filter;
    void this.load();
  }

  /** (issue 12) `reaction.added/removed` on a post: its card's counts. */
  reacted(id: number, emoji: string, delta: 1 | -1): void {
    for (const list of [this.posts, this.incoming]) {
      const p = list.find((x) => x.id === id);
      if (!p) continue;
      const counts = p.reactions ?? [];
      const c = counts.find((r) => r.emoji === emoji);
      if (c) c.count += delta;
      else if (delta > 0) counts.push({ emoji, count: 1 });
      p.reactions = counts.filter((r) => r.count > 0);
    }
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

  /**
   * A post arrived live. Mine goes straight in (I just wrote it); others wait behind the pill,
   * unless the list shown is empty: nothing can jump there, and "No posts yet" beside
   * "1 new post" would say two things at once (issue 13).
   */
  receivePost(post: PostSummary): void {
    if (this.#arrivedWhileLoading) {
      this.#arrivedWhileLoading.push(post);
      return;
    }
    if (!this.loaded || !this.#matchesFilter(post) || this.#known(post.id)) return;
    if (post.author.id === this.myId() || this.posts.length === 0)
      this.posts = [post, ...this.posts];
    else this.incoming = [post, ...this.incoming];
  }

  showIncoming(): void {
    this.posts = prependNew(this.posts, this.incoming);
    this.incoming = [];
  }

  /**
   * `post.updated` (an edit, a restore, a pin or a lock): the card is replaced in place, or
   * moved when its pin changed (pinned posts lead the feed, lib/pinned-order.ts); its comment
   * count stays ours (the event's may be older than a comment counted since). A post this
   * feed does not show (a restore) goes in by id if it is in the loaded range and the filter.
   */
  updatePost(post: PostSummary): void {
    if (!this.loaded) return;
    if (!this.#matchesFilter(post)) {
      this.removePost(post.id);
      return;
    }
    const waiting = this.incoming.findIndex((p) => p.id === post.id);
    if (waiting >= 0) {
      this.incoming[waiting] = { ...post, commentCount: this.incoming[waiting]!.commentCount };
      return;
    }
    const shown = this.posts.find((p) => p.id === post.id);
    // Counts stay ours (kept live by their own events).
    const next = shown
      ? { ...post, commentCount: shown.commentCount, reactions: shown.reactions }
      : post;
    this.posts = placeUpdated(this.posts, next, this.nextBefore === null);
  }

  /** `post.deleted`: gone from the feed and the pill (which shows its posts once none is left). */
  removePost(id: number): void {
    this.posts = this.posts.filter((p) => p.id !== id);
    this.incoming = this.incoming.filter((p) => p.id !== id);
    if (this.posts.length === 0 && this.incoming.length > 0) this.showIncoming();
  }

  /**
   * Newest order reads the shared page (GET /api/posts); my read state of it comes from the
   * same page of GET /api/feed, without holding the page back.
   */
  async #readStateOf(gen: number, category: number | null, before: number | null) {
    try {
      const page = await attentionApi.feed({ sort: 'newest', category, before, limit: PAGE });
      if (gen === this.#generation) this.readState = { ...this.readState, ...page.readState };
    } catch {
      // The markers are a nicety; the feed itself reports errors.
    }
  }

  setDensity(d: 'cards' | 'compact'): void {
    this.density = d;
    try {
      localStorage.setItem(DENSITY_KEY, d);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }

  /** Opened: nothing is new in it any more (the server moved my pointer). */
  markOpened(postId: number): void {
    if (this.readState[postId]) delete this.readState[postId];
  }

  /** Keep the comment counts on cards current; others' comments count as new for me. */
  countComment(postId: number, authorId?: number): void {
    if (authorId !== undefined && authorId !== this.myId() && this.#known(postId)) {
      const was = this.readState[postId];
      this.readState[postId] = {
        isNew: was?.isNew ?? false,
        newComments: (was?.newComments ?? 0) + 1,
      };
    }
    for (const list of [this.posts, this.incoming]) {
      const p = list.find((x) => x.id === postId);
      if (p) p.commentCount += 1;
    }
  }
}
