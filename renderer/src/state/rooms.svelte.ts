/**
 * (rooms) My groups and rooms for the sidebar, with the server's unread counts, and the one
 * room on screen: its members, its latest page of messages (10, then 10 more per scroll up),
 * my sends from pending to sent, and who is typing. Everything live from the socket.
 */
import type { ChatMessage, UserRef } from '@common/api';
import type { ConversationDetail, ConversationSummary } from '@common/conversations';
import { LIMITS } from '@common/limits';
import { errorMessage } from '../lib/api';
import { newClientId, nowIso } from '../lib/client-id';
import { KeyedTimers } from '../lib/keyed-timers';
import type { SocketClient } from '../lib/socket';
import { roomsApi } from '../lib/rooms-api';

const PAGE = LIMITS.chatPageSize.default;
const TYPING_SHOWN_MS = 6000;

export interface RoomMessage extends ChatMessage {
  pending?: boolean;
  failed?: string;
}

export class OpenRoom {
  detail = $state<ConversationDetail | null>(null);
  messages = $state<RoomMessage[]>([]);
  hasMore = $state(false);
  loaded = $state(false);
  loadingOlder = $state(false);
  error = $state<string | null>(null);
  /** I was removed or left while it was open. */
  gone = $state(false);
  /** Who is typing here: user id → nickname. */
  typing = $state<Record<number, string>>({});

  constructor(readonly id: number) {}

  lastId(): number {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (!m.pending && !m.failed) return m.id;
    }
    return 0;
  }

  receive(m: ChatMessage): void {
    if (this.messages.some((x) => x.id === m.id && !x.pending)) return;
    const pending = this.messages.findIndex((x) => x.pending && x.clientId === m.clientId);
    const rest = pending >= 0 ? this.messages.filter((_, i) => i !== pending) : this.messages;
    this.messages = [
      ...rest.filter((x) => !x.pending && !x.failed),
      m,
      ...rest.filter((x) => x.pending || x.failed),
    ];
  }
}

export class RoomsState {
  list = $state<ConversationSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  open = $state<OpenRoom | null>(null);
  /** Newest message first, as the server orders them. */
  sorted = $derived(
    [...this.list].sort((a, b) => (b.lastMessageId ?? 0) - (a.lastMessageId ?? 0) || a.id - b.id),
  );
  /**
   * What counts toward the app's badge: nothing from a muted conversation or the one on
   * screen; every unread message where the level is "all", only mentions where it is
   * "mentions" (rooms by default).
   */
  unreadTotal = $derived(
    this.list.reduce((n, c) => {
      if (c.muted || c.id === this.open?.id || c.notify === 'none') return n;
      return n + (c.notify === 'all' ? c.unread : c.mentionCount);
    }, 0),
  );

  #off: (() => void)[] = [];
  #typingTimers = new KeyedTimers<string>();

  constructor(
    private readonly socket: SocketClient,
    private readonly me: UserRef,
  ) {
    this.#off.push(
      socket.on('chat.message', (e) => this.#onMessage(e.payload)),
      socket.on('unread', (e) => this.#applyUnread(e.payload.conversations ?? {})),
      socket.on('typing', (e) => this.#onTyping(e.payload)),
      socket.on('conversation.created', () => void this.load()),
      socket.on('conversation.updated', (e) => this.#onUpdated(e.payload.conversation)),
      socket.on('member.joined', (e) => this.#onJoined(e.payload)),
      socket.on('member.left', (e) => this.#onLeft(e.payload)),
      socket.on('error', (e) => {
        const { ref, message } = e.payload;
        const m = ref
          ? this.open?.messages.find((x) => x.pending && x.clientId === ref)
          : undefined;
        if (m) Object.assign(m, { pending: false, failed: message });
      }),
      socket.on('resync', () => void this.load()),
    );
  }

  destroy(): void {
    for (const f of this.#off) f();
    this.#typingTimers.clearAll();
  }

  async load(): Promise<void> {
    try {
      const all = await roomsApi.list();
      this.list = all.filter((c) => c.kind !== 'direct');
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loaded = true;
    }
  }

  byId(id: number): ConversationSummary | undefined {
    return this.list.find((c) => c.id === id);
  }

  /** Opens a room: its detail and latest page; marks it read. */
  async show(id: number): Promise<void> {
    const room = new OpenRoom(id);
    this.open = room;
    try {
      const [detail, page] = await Promise.all([
        roomsApi.get(id),
        roomsApi.messages(id, { limit: PAGE }).catch(() => null),
      ]);
      room.detail = detail;
      if (page) {
        room.messages = page.items;
        room.hasMore = page.hasMore;
      }
      room.loaded = true;
      this.markRead();
    } catch (e) {
      room.error = errorMessage(e);
      room.loaded = true;
    }
  }

  hide(id: number): void {
    if (this.open?.id === id) this.open = null;
  }

  async loadOlder(): Promise<number> {
    const room = this.open;
    const oldest = room?.messages.find((m) => !m.pending && !m.failed)?.id;
    if (!room || !room.hasMore || room.loadingOlder || oldest === undefined) return 0;
    room.loadingOlder = true;
    try {
      const page = await roomsApi.messages(room.id, { before: oldest, limit: PAGE });
      room.messages = [...page.items, ...room.messages];
      room.hasMore = page.hasMore;
      return page.items.length;
    } catch (e) {
      room.error = errorMessage(e);
      return 0;
    } finally {
      room.loadingOlder = false;
    }
  }

  send(body: string): void {
    const room = this.open;
    const text = body.trim();
    if (!room || text.length === 0) return;
    const clientId = newClientId();
    const pending: RoomMessage = {
      id: -Date.now(),
      from: this.me.id,
      to: 0,
      conversationId: room.id,
      body: text,
      createdAt: nowIso(),
      clientId,
      editedAt: null,
      deleted: false,
      pending: true,
    };
    room.messages = [...room.messages, pending];
    const ok = this.socket.send({
      type: 'chat.send',
      payload: { conversationId: room.id, body: text, clientId },
    });
    if (!ok) Object.assign(pending, { pending: false, failed: 'Not connected. Try again.' });
  }

  typing(active: boolean): void {
    if (!this.open) return;
    const conversationId = this.open.id;
    this.socket.send({
      type: active ? 'typing.start' : 'typing.stop',
      payload: { conversationId },
    });
  }

  markRead(): void {
    const room = this.open;
    if (!room || (typeof document !== 'undefined' && document.visibilityState !== 'visible'))
      return;
    const upTo = room.lastId();
    const entry = this.byId(room.id);
    if (upTo <= 0 || !entry || entry.lastReadId >= upTo) return;
    entry.lastReadId = upTo;
    entry.unread = 0;
    this.socket.send({ type: 'chat.read', payload: { conversationId: room.id, upTo } });
  }

  async setPrefs(
    id: number,
    prefs: { notify?: 'all' | 'mentions' | 'none' | null; muted?: boolean },
  ): Promise<void> {
    const updated = await roomsApi.update(id, prefs);
    this.#replace(updated);
  }

  #replace(c: ConversationSummary): void {
    this.list = this.list.some((x) => x.id === c.id)
      ? this.list.map((x) => (x.id === c.id ? c : x))
      : [...this.list, c];
  }

  #onMessage(m: ChatMessage): void {
    if (m.conversationId === undefined) return;
    const entry = this.byId(m.conversationId);
    if (entry) {
      entry.lastMessageId = m.id;
      entry.lastMessageAt = m.createdAt;
    }
    const room = this.open;
    if (room?.id === m.conversationId) {
      room.receive(m);
      this.#stopTyping(room, m.from);
      this.markRead();
    }
  }

  #applyUnread(counts: Record<string, number>): void {
    for (const c of this.list) {
      const n = counts[String(c.id)] ?? 0;
      if (c.unread !== n) c.unread = c.id === this.open?.id ? 0 : n;
    }
  }

  #onTyping(p: { from: number; nickname: string; active: boolean; conversationId?: number }): void {
    const room = this.open;
    if (p.conversationId === undefined || room?.id !== p.conversationId) return;
    const key = `${room.id}:${p.from}`;
    this.#typingTimers.clear(key);
    if (!p.active) {
      this.#stopTyping(room, p.from);
      return;
    }
    room.typing = { ...room.typing, [p.from]: p.nickname };
    this.#typingTimers.set(key, TYPING_SHOWN_MS, () => this.#stopTyping(room, p.from));
  }

  #stopTyping(room: OpenRoom, from: number): void {
    if (!(from in room.typing)) return;
    const next = { ...room.typing };
    delete next[from];
    room.typing = next;
  }

  #onUpdated(c: { id: number; name: string | null; topic: string }): void {
    const entry = this.byId(c.id);
    if (entry) Object.assign(entry, { name: c.name, topic: c.topic });
    const detail = this.open?.id === c.id ? this.open.detail : null;
    if (detail) Object.assign(detail, { name: c.name, topic: c.topic });
  }

  #onJoined(p: { conversationId: number; user: UserRef }): void {
    if (p.user.id === this.me.id) {
      void this.load();
      return;
    }
    const entry = this.byId(p.conversationId);
    if (entry) entry.memberCount += 1;
    const detail = this.open?.id === p.conversationId ? this.open.detail : null;
    if (detail && !detail.members.some((m) => m.id === p.user.id)) {
      detail.members = [
        ...detail.members,
        { ...p.user, role: 'member' as const, joinedAt: nowIso(), online: true },
      ].sort((a, b) => a.nickname.localeCompare(b.nickname));
      detail.memberCount = detail.members.length;
    }
  }

  #onLeft(p: { conversationId: number; userId: number }): void {
    if (p.userId === this.me.id) {
      this.list = this.list.filter((c) => c.id !== p.conversationId);
      if (this.open?.id === p.conversationId) this.open.gone = true;
      return;
    }
    const entry = this.byId(p.conversationId);
    if (entry) entry.memberCount -= 1;
    const detail = this.open?.id === p.conversationId ? this.open.detail : null;
    if (detail) {
      detail.members = detail.members.filter((m) => m.id !== p.userId);
      detail.memberCount = detail.members.length;
    }
  }
}
