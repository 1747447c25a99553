/**
 * Reactions on posts, comments and messages as I see them: loaded in batches for whatever is
 * on screen (each bar asks for its item; one GET per type per tick), toggled by me, and kept
 * live by `reaction.added` / `reaction.removed`. The feed's counts follow the same events.
 */
import type { ReactionEvent, ReactionItemType, ReactionSummary } from '@common/api';
import { REACTIONS_BATCH_MAX } from '@common/reaction-set';
import { errorMessage } from '../lib/api';
import { reactionsApi } from '../lib/rich-api';
import type { SocketClient } from '../lib/socket';

const keyOf = (type: ReactionItemType, id: number) => `${type}:${id}`;

export class ReactionsState {
  /** By `type:id`; absent until loaded. */
  items = $state<Record<string, ReactionSummary[]>>({});
  // Bookkeeping between a bar asking and the batched GET, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state
  #wanted = new Map<ReactionItemType, Set<number>>();
  #flush: ReturnType<typeof setTimeout> | null = null;
  #off: (() => void)[];

  constructor(
    socket: SocketClient,
    private readonly me: { id: number; nickname: string },
    private readonly onError: (message: string) => void,
    /** The feed's counts of a post, changed live (FeedState.reacted). */
    private readonly onPostCount: (id: number, emoji: string, delta: 1 | -1) => void,
  ) {
    this.#off = [
      socket.on('reaction.added', (e) => this.#apply(e.payload, true)),
      socket.on('reaction.removed', (e) => this.#apply(e.payload, false)),
      // A gap that could not be replayed: what is shown is reloaded.
      socket.on('resync', () => this.#reloadAll()),
    ];
  }

  of(type: ReactionItemType, id: number): ReactionSummary[] | undefined {
    return this.items[keyOf(type, id)];
  }

  /** An item came on screen: its reactions are fetched with the others of this tick. */
  want(type: ReactionItemType, id: number): void {
    if (this.items[keyOf(type, id)]) return;
    let set = this.#wanted.get(type);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state (see #wanted)
    if (!set) this.#wanted.set(type, (set = new Set()));
    set.add(id);
    this.#flush ??= setTimeout(() => void this.#load(), 0);
  }

  async toggle(type: ReactionItemType, id: number, emoji: string): Promise<void> {
    const list = this.items[keyOf(type, id)] ?? [];
    const on = !list.some((r) => r.emoji === emoji && r.mine);
    try {
      const res = await reactionsApi.set(type, id, emoji, on);
      this.items[keyOf(type, id)] = res.reactions;
    } catch (e) {
      this.onError(errorMessage(e));
    }
  }

  destroy(): void {
    for (const f of this.#off) f();
    if (this.#flush) clearTimeout(this.#flush);
  }

  async #load(): Promise<void> {
    this.#flush = null;
    const batches = [...this.#wanted];
    this.#wanted.clear();
    for (const [type, idSet] of batches) {
      const ids = [...idSet];
      for (let i = 0; i < ids.length; i += REACTIONS_BATCH_MAX) {
        const chunk = ids.slice(i, i + REACTIONS_BATCH_MAX);
        try {
          const res = await reactionsApi.list(type, chunk);
          for (const item of res.items) this.items[keyOf(type, item.id)] = item.reactions;
        } catch {
          // The bars stay empty; a later visit asks again.
        }
      }
    }
  }

  #reloadAll(): void {
    const keys = Object.keys(this.items);
    this.items = {};
    for (const k of keys) {
      const [type, id] = k.split(':');
      this.want(type as ReactionItemType, Number(id));
    }
  }

  #apply(e: ReactionEvent, added: boolean): void {
    const list = this.items[keyOf(e.type, e.id)];
    const mine = e.user.id === this.me.id;
    if (list) {
      const at = list.findIndex((r) => r.emoji === e.emoji);
      const r = list[at];
      // My own click in this window already shows (the answer to PUT/DELETE): skip its echo.
      const already = mine && (added ? r?.mine === true : r === undefined || !r.mine);
      if (!already) {
        if (added && !r) {
          list.push({ emoji: e.emoji, count: 1, mine, who: [e.user.nickname] });
        } else if (r) {
          r.count += added ? 1 : -1;
          if (mine) r.mine = added;
          r.who = added
            ? [...r.who.filter((n) => n !== e.user.nickname), e.user.nickname]
            : r.who.filter((n) => n !== e.user.nickname);
          if (r.count <= 0) list.splice(at, 1);
        }
      }
    }
    if (e.type === 'post') this.onPostCount(e.id, e.emoji, added ? 1 : -1);
  }
}
