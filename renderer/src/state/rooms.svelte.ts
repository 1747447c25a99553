/**
 * (rooms) My groups and rooms for the sidebar, with the server's unread counts, and the one
 * room on screen: its members, its messages (a `Conversation`, as private ones: the latest 10,
 * or the window around the first unread; 10 more per scroll), my sends from pending to sent,
 * and who is typing. Everything live from the socket.
 */
import type { Attachment, ChatMessage, UserRef } from '@common/api';
import type { ConversationDetail, ConversationSummary } from '@common/conversations';
import { errorMessage } from '../lib/api';
import { newClientId, nowIso } from '../lib/client-id';
import { KeyedTimers } from '../lib/keyed-timers';
import type { SocketClient } from '../lib/socket';
import { roomsApi } from '../lib/rooms-api';
import { Conversation } from './conversation.svelte';

const TYPING_SHOWN_MS = 6000;
/** Refusals that the same message would get again: Retry is not offered for them. */
const FINAL_REFUSALS: readonly string[] = ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'NOT_MEMBER'];

export class OpenRoom {
  detail = $state<ConversationDetail | null>(null);
  readonly conversation: Conversation;
  loaded = $state(false);
  error = $state<string | null>(null);
  /** I was removed or left while it was open. */
  gone = $state(false);
  /** Who is typing here: user id → nickname. */
  typing = $state<Record<number, string>>({});

  constructor(
    readonly id: number,
    myId: number,
  ) {
    this.conversation = new Conversation(id, (q) => roomsApi.messages(id, q), myId);
  }
}

export class RoomsState {
  list = $state<ConversationSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  open = $state<OpenRoom | null>(null);
  /** The open room is read live (see ChatState.liveId): its count shows 0. */
  live = $state(false);
  /** Newest message first, as the server orders them. */
  sorted = $derived(
    [...this.list].sort((a, b) => (b.lastMessageId ?? 0) - (a.lastMessageId ?? 0) || a.id - b.id),
  );
  /**
   * What counts toward the app's badge: nothing from a muted conversation; every unread message where the level is "all", only mentions where it is
   * "mentions" (rooms by default).
   */
  unreadTotal = $derived(
    this.list.reduce((n, c) => {
      if (c.muted || c.notify === 'none' || (this.live && c.id === this.open?.id)) return n;
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
        const { ref, code, message } = e.payload;
        if (ref) this.open?.conversation.markFailed(ref, message, !FINAL_REFUSALS.includes(code));
      }),
      // Edits and deletes of group and room messages (ChatEdits applies the private ones).
      socket.on('chat.updated', (e) => {
        const m = e.payload.message;
        const room = this.open;
        if (room && m.conversationId === room.id) room.conversation.applyUpdate(m);
      }),
      socket.on('chat.deleted', (e) => {
        const d = e.payload;
        const room = this.open;
        if (room && d.conversationId === room.id) room.conversation.applyDelete(d.id);
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

  /**
   * Opens a room: its detail, and its messages at the first unread one (or around message
   * `at`: a notification's, a search result's). Reading is the view's to tell (`markRead`).
   */
  async show(id: number, at: number | null = null): Promise<void> {
    const room = new OpenRoom(id, this.me.id);
    this.open = room;
    try {
      const [detail] = await Promise.all([
        roomsApi.get(id),
        // Not a member (a room to join): the detail says so, the page is not needed.
        room.conversation.open(at).catch(() => undefined),
      ]);
      room.detail = detail;
      room.loaded = true;
    } catch (e) {
      room.error = errorMessage(e);
      room.loaded = true;
    }
  }

  hide(id: number): void {
    if (this.open?.id === id) {
      this.open = null;
      this.live = false;
    }
  }

  send(body: string, attachments: readonly Attachment[] = []): void {
    const room = this.open;
    const text = body.trim();
    if (!room || (text.length === 0 && attachments.length === 0)) return;
    const c = room.conversation;
    const clientId = newClientId();
    // Writing from a window further back: the conversation goes to the latest, where it lands.
    if (c.hasNewer) void c.load();
    c.addPending({
      clientId,
      from: this.me.id,
      to: 0,
      body: text,
      createdAt: nowIso(),
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    });
    this.#transmit(room.id, clientId, text, attachments);
  }

  retry(clientId: string): void {
    const room = this.open;
    const m = room?.conversation.markPending(clientId);
    if (room && m) this.#transmit(room.id, clientId, m.body, m.attachments ?? []);
  }

  discard(clientId: string): void {
    this.open?.conversation.discard(clientId);
  }

  #transmit(
    conversationId: number,
    clientId: string,
    body: string,
    attachments: readonly Attachment[],
  ): void {
    const ids = attachments.map((a) => a.id);
    const ok = this.socket.send({
      type: 'chat.send',
      payload: { conversationId, body, clientId, ...(ids.length > 0 ? { attachments: ids } : {}) },
    });
    if (!ok) this.open?.conversation.markFailed(clientId, 'Not connected. Try again.', true);
  }

  typing(active: boolean): void {
    if (!this.open) return;
    const conversationId = this.open.id;
    this.socket.send({
      type: active ? 'typing.start' : 'typing.stop',
      payload: { conversationId },
    });
  }

  /**
   * I have read a group or room up to message `upTo` (the highest one on screen while the window
   * was looked at: lib/read-marks.ts decides).
   */
  markRead(conversationId: number, upTo: number): void {
    // By id, not `open`: the last mark may come as the room's view goes away.
    const entry = this.byId(conversationId);
    if (!entry || upTo <= 0 || entry.lastReadId >= upTo) return;
    entry.lastReadId = upTo;
    if (this.live && this.open?.id === conversationId) entry.unread = 0;
    this.socket.send({ type: 'chat.read', payload: { conversationId, upTo } });
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
      room.conversation.receive(m);
      this.#stopTyping(room, m.from);
    }
  }

  #applyUnread(counts: Record<string, number>): void {
    for (const c of this.list) {
      const n = counts[String(c.id)] ?? 0;
      // The open one's too (issue 13), unless read live: it clears as its messages come on screen.
      if (c.unread !== n) c.unread = this.live && c.id === this.open?.id ? 0 : n;
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
