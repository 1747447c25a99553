import type { PostSummary } from '../../common/api';
import type { FeedQuery } from '../../common/attention-api';
import type { PostReadState } from '../../common/attention';
import { LIMITS } from '../../common/limits';
import { AppError } from '../errors/app-error';
import type { FeedCache } from '../http/feed-cache';
import type { CategoriesStore } from '../store/categories.store';
import type { FeedReadStateStore } from '../store/feed-read-state.store';
import type { PostsStore } from '../store/posts.store';
import { FeedReaderCache } from './feed-reader-cache';
import type { PostsService } from './posts.service';

/** How many moved posts a page carries at most: more, and the client reloads the feed. */
const MOVED_MAX = 50;
/** Finished responses kept per reader and page, in bytes (a page of 20 is ~18 KB). */
const READER_BODIES_MAX_BYTES = 4 * 1024 * 1024;

/** What the read state needs of a cached page, kept beside its bytes. */
interface PageMeta {
  /** Items then moved, as the page lists them. */
  posts: { id: number; authorId: number; createdAt: string }[];
}

/**
 * The feed in either order, with the reader's own read state (issue 13). The page itself is
 * the same for everyone and cached as bytes (FeedCache, dropped at each new post or comment);
 * the read state is read (never written) and spliced in front. The finished response is kept
 * per reader and page until any row anywhere changes (SQLite's total_changes() on the
 * server's one connection: a read mark, a comment, an edit, a delete, a hide, and any write
 * added later, event or not), so a reader asking again costs a number comparison, and a
 * stale state is never served.
 */
export class FeedService {
  /** Keyed by the cached page's own Buffer: a rebuilt page starts empty, a dropped one is freed. */
  readonly #meta = new WeakMap<Buffer, PageMeta>();
  readonly #bodies = new FeedReaderCache(READER_BODIES_MAX_BYTES);

  constructor(
    private readonly posts: PostsStore,
    private readonly postsService: PostsService,
    private readonly categories: CategoriesStore,
    private readonly readStates: FeedReadStateStore,
    private readonly cache: FeedCache,
  ) {}

  /** The page as JSON bytes. */
  page(q: FeedQuery, reader: { id: number; createdAt: string }): Buffer {
    if (q.category !== undefined && !this.categories.exists(q.category)) {
      throw new AppError('UNKNOWN_CATEGORY', `There is no category ${q.category}.`, {
        field: 'category',
      });
    }
    const key = `feed|${q.sort}|${q.category ?? ''}|${q.before ?? ''}|${q.since ?? ''}|${q.limit}`;
    let built: SharedPage | null = null;
    const page = this.cache.get(key, () => (built = this.#shared(q)));
    let meta = this.#meta.get(page);
    if (!meta) {
      // Built just now, or (never, today) cached by someone else: read it back.
      const p = built ?? (JSON.parse(page.toString()) as SharedPage);
      meta = {
        posts: [...p.items, ...p.moved].map((x) => ({
          id: x.id,
          authorId: x.author.id,
          createdAt: x.createdAt,
        })),
      };
      this.#meta.set(page, meta);
    }
    const changes = this.readStates.totalChanges();
    const readerKey = `${reader.id}|${key}`;
    const kept = this.#bodies.get(readerKey, page, changes);
    if (kept) return kept;
    const state = JSON.stringify(this.#state(meta, reader));
    // `{"readState":…,` + the cached page without its opening brace.
    const body = Buffer.concat([Buffer.from(`{"readState":${state},`), page.subarray(1)]);
    this.#bodies.set(readerKey, page, changes, body);
    return body;
  }

  #state(meta: PageMeta, reader: { id: number; createdAt: string }): Record<string, PostReadState> {
    const read = this.readStates.pointers(
      reader.id,
      meta.posts.map((p) => p.id),
    );
    // Never opened: someone else's post is "new" as a whole (or old news, from before the
    // reader joined), with no count to take; on your own post, every comment by others is
    // new until you open it.
    const counted = meta.posts
      .filter((p) => read.has(p.id) || p.authorId === reader.id)
      .map((p) => ({ postId: p.id, after: read.get(p.id) ?? 0 }));
    const counts = this.readStates.newComments(reader.id, counted);
    const state: Record<string, PostReadState> = {};
    for (const p of meta.posts) {
      const isNew = !read.has(p.id) && p.authorId !== reader.id && p.createdAt >= reader.createdAt;
      const newComments = counts.get(p.id) ?? 0;
      if (isNew || newComments > 0) state[p.id] = { isNew, newComments };
    }
    return state;
  }

  #shared(q: FeedQuery): SharedPage {
    if (q.sort === 'newest') {
      const p = this.postsService.list({
        ...(q.category !== undefined ? { category: q.category } : {}),
        ...(q.before !== undefined ? { before: q.before } : {}),
        limit: q.limit,
      });
      return { ...p, since: 0, moved: [] };
    }
    const since = q.since ?? this.posts.maxActivity();
    const rows = this.posts.activityPage({
      ...(q.category !== undefined ? { categoryId: q.category } : {}),
      ...(q.before !== undefined ? { before: q.before } : {}),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const more = rows.length > q.limit;
    const items = page.map((r) => r.post);
    const nextBefore = more ? (page.at(-1)?.activity ?? null) : null;
    // Posts active since the first page: above the cursor now, so never in `items` again.
    const moved =
      q.before === undefined
        ? []
        : this.posts
            .activityPage({
              ...(q.category !== undefined ? { categoryId: q.category } : {}),
              limit: MOVED_MAX,
            })
            .filter((r) => r.activity > since)
            .map((r) => r.post);
    if (q.before !== undefined) return { items, nextBefore, since, moved };
    const pinned = this.posts.pinned({
      ...(q.category !== undefined ? { categoryId: q.category } : {}),
      limit: LIMITS.pageSize.max,
    });
    return { items: [...pinned, ...items], nextBefore, since, moved };
  }
}

interface SharedPage {
  items: PostSummary[];
  nextBefore: number | null;
  since: number;
  moved: PostSummary[];
}
