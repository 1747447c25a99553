/**
 * One conversation (private, group or room): a window of its history (the latest page, or the
 * one around its first unread or a given message), older and newer pages on demand (10 each),
 * live messages, and my own sends from pending to sent (matched by clientId) or failed.
 */
import type { Attachment, ChatHistory, ChatMessage } from '@common/api';
import { LIMITS } from '@common/limits';
import { api, errorMessage } from '../lib/api';
import { newItems } from '../lib/merge';

export type MessageStatus = 'sent' | 'pending' | 'failed';

export interface UiMessage {
  /** Stable across pending → sent, so the row is not re-created. */
  key: string;
  id: number | null;
  from: number;
  to: number;
  body: string;
  createdAt: string;
  clientId?: string;
  status: MessageStatus;
  error?: string;
  /** Failed for a reason that may pass next time (no answer, rate limit): Retry is offered. */
  retryable?: boolean;
  /** The last edit (sent messages only). */
  editedAt?: string | null;
  /** Deleted: shown as "Message deleted" (its body is empty). */
  deleted?: boolean;
  /** Pictures and files (issue 12); a pending message shows its own uploads. */
  attachments?: Attachment[];
}

const PAGE = LIMITS.chatPageSize.default;

/** How a conversation's pages are asked for (`GET …/messages`, issue 13's after/around). */
export interface PageQuery {
  before?: number;
  after?: number;
  around?: number;
  limit: number;
}
export type PageFetch = (q: PageQuery) => Promise<ChatHistory>;

const fromServer = (m: ChatMessage, key = `m${m.id}`): UiMessage => ({
  key,
  id: m.id,
  from: m.from,
  to: m.to,
  body: m.body,
  createdAt: m.createdAt,
  clientId: m.clientId,
  status: 'sent',
  editedAt: m.editedAt,
  deleted: m.deleted,
  ...(m.attachments ? { attachments: m.attachments } : {}),
});

/** Sent messages by id, then unsent ones in the order they were written. */
function normalize(list: UiMessage[]): UiMessage[] {
  const sent = list.filter((m) => m.id !== null).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const unsent = list.filter((m) => m.id === null);
  return [...sent, ...unsent];
}

export class Conversation {
  messages = $state<UiMessage[]>([]);
  hasMore = $state(false);
  loaded = $state(false);
  loading = $state(false);
  loadingOlder = $state(false);
  /** (issue 13) The window ends before the latest: live messages wait for paging down. */
  hasNewer = $state(false);
  loadingNewer = $state(false);
  /** The first message that was unread when the conversation opened: the divider's place. */
  firstUnreadId = $state<number | null>(null);
  /** My read pointer as the server gave it with the last page. */
  lastReadId = $state(0);
  /** Live messages that arrived while the window was not at the latest. */
  missed = $state(0);
  /** The message asked for when opened (a notification's, a search result's), if any. */
  focusId = $state<number | null>(null);
  /** How many times it was opened: the list positions itself once per opening. */
  opens = $state(0);
  error = $state<string | null>(null);

  lastId = $derived.by(() => {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const id = this.messages[i]?.id;
      if (id != null) return id;
    }
    return null;
  });

  /**
   * `peerId`: the person of a private conversation (or a room's id); `fetchPage` reads its
   * pages; `myId` tells my own messages, which are never unread.
   */
  constructor(
    readonly peerId: number,
    private readonly fetchPage: PageFetch = (q) => api.chatHistory(peerId, q),
    private readonly myId: number | null = null,
  ) {}

  /**
   * Opens the conversation: at its first unread message when some are unread (the latest page
   * holds it, or the window around it is loaded), at the latest page otherwise; or around
   * message `at` (a notification's, a search result's). Reopening starts over.
   */
  async open(at: number | null = null): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      let page = at === null ? await this.fetchPage({ limit: PAGE }) : null;
      const pointer = page?.lastReadId;
      const unreadFrom = (p: ChatHistory) =>
        p.items.find((m) => m.id > p.lastReadId && m.from !== this.myId)?.id ?? null;
      if (page && page.hasMore && (page.items[0]?.id ?? 0) > (pointer ?? 0) && unreadFrom(page)) {
        // Everything on the latest page is unread: the first unread one is further back.
        page = await this.fetchPage({ around: (pointer ?? 0) + 1, limit: PAGE });
      }
      page ??= await this.fetchPage({ around: at ?? 0, limit: PAGE });
      this.#take(page);
      this.lastReadId = page.lastReadId;
      this.firstUnreadId = unreadFrom(page);
      this.focusId = at;
      this.loaded = true;
      this.opens += 1;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /**
   * The window around message `id` ("Jump to first unread" after the window moved on); the
   * divider stays where the opening put it.
   */
  async loadAround(id: number): Promise<void> {
    this.loading = true;
    try {
      this.#take(await this.fetchPage({ around: id, limit: PAGE }));
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** The latest page ("Jump to latest" from a window further back). */
  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const page = await this.fetchPage({ limit: PAGE });
      this.#take(page);
      this.lastReadId = page.lastReadId;
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** Replaces the window with a page, keeping my unsent messages and their keys. */
  #take(page: ChatHistory): void {
    const unsent = this.messages.filter((m) => m.id === null);
    const acked = page.items.map((m) => m.clientId).filter(Boolean);
    const newest = page.items[page.items.length - 1]?.id ?? 0;
    this.messages = normalize([
      ...page.items.map((m) => {
        const mine = this.messages.find((x) => x.clientId && x.clientId === m.clientId);
        return fromServer(m, mine?.key);
      }),
      // Live messages that arrived while loading and are newer than a page that ends at the
      // latest (a window further back would get a gap).
      ...(page.hasNewer ? [] : this.messages.filter((m) => m.id !== null && m.id > newest)),
      ...unsent.filter((m) => !m.clientId || !acked.includes(m.clientId)),
    ]);
    this.hasMore = page.hasMore;
    this.hasNewer = page.hasNewer;
    if (!page.hasNewer) this.missed = 0;
  }

  /** (issue 13) Loads the page after the newest message shown; resolves to how many arrived. */
  async loadNewer(): Promise<number> {
    const newest = this.lastId;
    if (!this.hasNewer || this.loadingNewer || newest == null) return 0;
    this.loadingNewer = true;
    try {
      const page = await this.fetchPage({ after: newest, limit: PAGE });
      const fresh = newItems(
        this.messages.filter((m) => m.id !== null) as { id: number }[],
        page.items,
      );
      this.messages = normalize([...this.messages, ...fresh.map((m) => fromServer(m))]);
      this.hasNewer = page.hasNewer;
      if (!page.hasNewer) this.missed = 0;
      return fresh.length;
    } catch (e) {
      this.error = errorMessage(e);
      return 0;
    } finally {
      this.loadingNewer = false;
    }
  }

  /** Loads the page before the oldest message; resolves to how many arrived. */
  async loadOlder(): Promise<number> {
    const oldest = this.messages.find((m) => m.id !== null)?.id;
    if (!this.hasMore || this.loadingOlder || oldest == null) return 0;
    this.loadingOlder = true;
    try {
      const page = await this.fetchPage({ before: oldest, limit: PAGE });
      const fresh = newItems(
        this.messages.filter((m) => m.id !== null) as { id: number }[],
        page.items,
      );
      this.messages = normalize([...fresh.map((m) => fromServer(m)), ...this.messages]);
      this.hasMore = page.hasMore;
      return fresh.length;
    } catch (e) {
      this.error = errorMessage(e);
      return 0;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** A message from the server (live or replayed). True when it is new to this view. */
  receive(msg: ChatMessage): boolean {
    if (msg.id != null && this.messages.some((m) => m.id === msg.id)) return false;
    const pending = msg.clientId
      ? this.messages.find((m) => m.clientId === msg.clientId)
      : undefined;
    if (pending) {
      Object.assign(pending, fromServer(msg, pending.key));
      pending.error = undefined;
      pending.retryable = undefined;
      this.messages = normalize(this.messages);
      return false;
    }
    if (this.hasNewer) {
      // The window ends further back: this one shows when paging down reaches it.
      this.missed += 1;
      return true;
    }
    this.messages = normalize([...this.messages, fromServer(msg)]);
    return true;
  }

  /** `chat.updated`: an edit, in place. */
  applyUpdate(msg: ChatMessage): void {
    const m = this.messages.find((x) => x.id === msg.id);
    if (m) Object.assign(m, { body: msg.body, editedAt: msg.editedAt, deleted: msg.deleted });
    // (issue 12) An edit carries the message's files as they are now.
    if (m && msg.attachments) m.attachments = msg.attachments;
  }

  /** `chat.deleted`: the message stays as a placeholder. */
  applyDelete(id: number): void {
    const m = this.messages.find((x) => x.id === id);
    if (m) Object.assign(m, { body: '', deleted: true });
  }

  addPending(m: Omit<UiMessage, 'key' | 'status' | 'id'> & { clientId: string }): void {
    this.messages = [...this.messages, { ...m, key: m.clientId, id: null, status: 'pending' }];
  }

  markPending(clientId: string): UiMessage | undefined {
    const m = this.messages.find((x) => x.clientId === clientId && x.id === null);
    if (m) {
      m.status = 'pending';
      m.error = undefined;
      m.retryable = undefined;
    }
    return m;
  }

  markFailed(clientId: string, error: string, retryable: boolean): boolean {
    const m = this.messages.find((x) => x.clientId === clientId && x.status === 'pending');
    if (!m) return false;
    m.status = 'failed';
    m.error = error;
    m.retryable = retryable;
    return true;
  }

  discard(clientId: string): void {
    this.messages = this.messages.filter((m) => !(m.clientId === clientId && m.id === null));
  }
}
