/**
 * One private conversation: the latest page of history, older pages on demand, live messages, and
 * my own sends from pending to sent (matched by clientId) or failed.
 */
import type { Attachment, ChatMessage } from '@common/api';
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
  error = $state<string | null>(null);

  lastId = $derived.by(() => {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const id = this.messages[i]?.id;
      if (id != null) return id;
    }
    return null;
  });

  constructor(readonly peerId: number) {}

  /** The latest page. Reopening a conversation starts from the latest page again. */
  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const page = await api.chatHistory(this.peerId, { limit: PAGE });
      const unsent = this.messages.filter((m) => m.id === null);
      const acked = page.items.map((m) => m.clientId).filter(Boolean);
      this.messages = normalize([
        ...page.items.map((m) => {
          const mine = this.messages.find((x) => x.clientId && x.clientId === m.clientId);
          return fromServer(m, mine?.key);
        }),
        // Live messages that arrived while loading and are newer than the page.
        ...this.messages.filter(
          (m) => m.id !== null && m.id > (page.items[page.items.length - 1]?.id ?? 0),
        ),
        ...unsent.filter((m) => !m.clientId || !acked.includes(m.clientId)),
      ]);
      this.hasMore = page.hasMore;
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** Loads the page before the oldest message; resolves to how many arrived. */
  async loadOlder(): Promise<number> {
    const oldest = this.messages.find((m) => m.id !== null)?.id;
    if (!this.hasMore || this.loadingOlder || oldest == null) return 0;
    this.loadingOlder = true;
    try {
      const page = await api.chatHistory(this.peerId, { before: oldest, limit: PAGE });
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
