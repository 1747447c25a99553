import type { PostSummary } from '../../common/api';
import type { FeedQuery } from '../../common/attention-api';
import type { PostReadState } from '../../common/attention';
import { LIMITS } from '../../common/limits';
import { AppError } from '../errors/app-error';
import type { FeedCache } from '../http/feed-cache';
import type { AttentionStore } from '../store/attention.store';
import type { CategoriesStore } from '../store/categories.store';
import type { PostsStore } from '../store/posts.store';
import type { PostsService } from './posts.service';

/** How many moved posts a page carries at most: more, and the client reloads the feed. */
const MOVED_MAX = 50;

/**
 * The feed in either order, with the reader's own read state (issue 13). The page itself is
 * the same for everyone and cached as bytes (FeedCache, dropped at each new post or comment);
 * the read state is one read-only statement per request, spliced in front, so a page view
 * never writes.
 */
export class FeedService {
  constructor(
    private readonly posts: PostsStore,
    private readonly postsService: PostsService,
    private readonly categories: CategoriesStore,
    private readonly attention: AttentionStore,
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
    const build = () => (built ??= this.#shared(q));
    const page = this.cache.get(key, build);
    // The ids of the page (items and moved) as a JSON array: handed to SQLite as it is.
    const ids = this.cache.get(`${key}|ids`, () => {
      const p = build();
      return [...p.items, ...p.moved].map((x) => x.id);
    });
    const posts = this.cache.get(`${key}|meta`, () => {
      const p = build();
      return [...p.items, ...p.moved].map((x) => [x.id, x.author.id, x.createdAt]);
    });
    const meta = new Map(
      (JSON.parse(posts.toString()) as [number, number, string][]).map((m) => [m[0], m]),
    );
    const state: Record<string, PostReadState> = {};
    for (const r of this.attention.readState(reader.id, ids.toString())) {
      const m = meta.get(r.postId);
      const mine = m?.[1] === reader.id;
      const isNew = r.lastRead === null && !mine && (m?.[2] ?? '') >= reader.createdAt;
      // Never opened: someone else's post is "new" as a whole (or old news, from before the
      // reader joined); on your own post, every comment by others is new until you open it.
      const newComments = r.lastRead === null && !mine ? 0 : r.newComments;
      if (isNew || newComments > 0) state[r.postId] = { isNew, newComments };
    }
    // `{"readState":…,` + the cached page without its opening brace.
    return Buffer.concat([Buffer.from(`{"readState":${JSON.stringify(state)},`), page.subarray(1)]);
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
