/**
 * The notifications panel's rows: grouped per post and kind (issue 13), filtered all / unread /
 * mentions, kept live by `notification` (a row grows), `notifications.read` (a post read on
 * any device clears its rows) and `comment.created` (the newest comment's first line).
 */
import type { NotificationFilter, NotificationGroup } from '@common/attention';
import { firstLine, MENTION_KIND } from '@common/attention';
import { errorMessage } from '../lib/api';
import { attentionApi } from '../lib/attention-api';
import { growGroups, readGroups } from '../lib/notification-groups';
import type { SocketClient } from '../lib/socket';

const PAGE = 30;
/** First lines of recent comments, for rows that grow live (bounded). */
const EXCERPTS_KEPT = 200;

export class NotificationGroupsState {
  items = $state<NotificationGroup[]>([]);
  filter = $state<NotificationFilter>('all');
  nextBefore = $state<number | null>(null);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup used once, not state
  #excerpts = new Map<number, string>();
  #off: (() => void)[] = [];
  #refresh: ReturnType<typeof setTimeout> | null = null;
  /** Live notifications seen so far: one that lands while a page is loading asks again. */
  #arrivals = 0;

  constructor(socket: SocketClient) {
    this.#off.push(
      socket.on('comment.created', (e) => {
        this.#excerpts.set(e.payload.comment.id, firstLine(e.payload.comment.body));
        if (this.#excerpts.size > EXCERPTS_KEPT) {
          const oldest = this.#excerpts.keys().next().value;
          if (oldest !== undefined) this.#excerpts.delete(oldest);
        }
      }),
      socket.on('notification', (e) => {
        this.#arrivals += 1;
        // `mention` comes from the mentions feature, not yet in NotificationKind on every branch.
        const kind: string = e.payload.kind;
        if (this.filter === 'mentions' && kind !== MENTION_KIND) return;
        const c = e.payload.commentId;
        this.items = growGroups(this.items, e.payload, c ? this.#excerpts.get(c) : undefined);
        this.#refreshSoon();
      }),
      socket.on('notifications.read', (e) => {
        const { postId, all, ids } = e.payload;
        if (ids) this.#refreshSoon();
        else
          this.items = readGroups(this.items, {
            ...(postId ? { postId } : {}),
            ...(all ? { all } : {}),
          });
      }),
      socket.on('post.deleted', (e) => {
        this.items = this.items.filter((g) => g.postId !== e.payload.id);
      }),
      socket.on('resync', () => void this.load()),
    );
  }

  async load(filter: NotificationFilter = this.filter): Promise<void> {
    this.filter = filter;
    this.loading = true;
    this.error = null;
    const arrivals = this.#arrivals;
    try {
      const page = await attentionApi.groups({ filter, limit: PAGE });
      if (this.filter !== filter) return;
      this.items = page.items;
      this.nextBefore = page.nextBefore;
      this.loaded = true;
      // A notification that arrived meanwhile may be missing from the page (read before it
      // was committed) and its live row was just replaced: the server's page settles it.
      if (this.#arrivals !== arrivals) this.#refreshSoon();
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.nextBefore === null) return;
    this.loading = true;
    try {
      const page = await attentionApi.groups({
        filter: this.filter,
        before: this.nextBefore,
        limit: PAGE,
      });
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup used once, not state
      const have = new Set(this.items.map((g) => g.key));
      this.items = [...this.items, ...page.items.filter((g) => !have.has(g.key))];
      this.nextBefore = page.nextBefore;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /**
   * The live merge cannot know the people hidden behind "and N others": the server's first
   * page settles the rows a moment later (one request for a burst of events).
   */
  #refreshSoon(): void {
    if (!this.loaded || this.#refresh) return;
    this.#refresh = setTimeout(() => {
      this.#refresh = null;
      void this.refresh();
    }, 800);
  }

  /**
   * The server's first page merged over what is shown (rows past it kept): after live events,
   * and each time the panel opens, so it never shows less than the bell counts.
   */
  async refresh(): Promise<void> {
    if (!this.loaded) return;
    try {
      const page = await attentionApi.groups({ filter: this.filter, limit: PAGE });
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup used once, not state
      const fresh = new Map(page.items.map((g) => [g.key, g]));
      const rest = this.items.filter(
        (g) => !fresh.has(g.key) && g.latestId < (page.items.at(-1)?.latestId ?? 0),
      );
      this.items = [...page.items, ...rest];
    } catch {
      // The rows shown stay; the next open of the panel asks again.
    }
  }

  destroy(): void {
    for (const off of this.#off) off();
    if (this.#refresh) clearTimeout(this.#refresh);
  }
}
