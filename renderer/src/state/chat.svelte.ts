/**
 * Private chat: the roster (everyone else, with presence, last message and server-counted
 * unread), the open conversations, typing in both directions, and sending with retry.
 */
import type { Attachment, ChatMessage, RosterEntry, UnreadCounts } from '@common/api';
import type { ServerEventOf } from '@common/protocol';
import { api, errorMessage } from '../lib/api';
import { newClientId, nowIso } from '../lib/client-id';
import { KeyedTimers } from '../lib/keyed-timers';
import { mergeRoster } from '../lib/roster-merge';
import { sortRoster } from '@common/roster-order';
import { shownUnread, shownUnreadTotal } from '../lib/unread-shown';

import type { SocketClient } from '../lib/socket';
import { Conversation } from './conversation.svelte';

/** The roster's line for a message that is only attachments (as the server's, chat.store.ts). */
const ATTACHMENT_PREVIEW = 'Attachment';

/** The server stops typing after 5 s without a refresh; this is the client's safety net. */
export const TYPING_TTL_MS = 6000;
/** How often a typer refreshes typing.start, and how long a pause counts as stopping. */
const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 3000;
/** A send not echoed by then (on a connection that stayed up) is shown as failed, with Retry. */
const SEND_TIMEOUT_MS = 15_000;
/** Refusals that the same message would get again: Retry is not offered for them. */
const FINAL_REFUSALS: readonly string[] = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_RECIPIENT',
  'CANNOT_MESSAGE_SELF',
];

/**
 * A person in the roster. Whether they are online is not here: `ChatState.online` is the one
 * place presence is kept (the REST roster's `online` flag is folded into it on load).
 */
export type ChatPeer = Omit<RosterEntry, 'online'>;

export interface TypingState {
  nickname: string;
  until: number;
}

export class ChatState {
  entries = $state<ChatPeer[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /**
   * Who is online, by user id: the socket's snapshot, then its live changes, plus the people the
   * REST roster reported online (while many are online, the server sends presence for chat
   * contacts only, and the roster is then the only news of the others).
   */
  online = $state<Record<number, boolean>>({});
  /**
   * Whether `online` is current: false from a disconnect until the next presence snapshot, when
   * nobody's presence is known (shown as no dot at all, not as everyone offline).
   */
  presenceKnown = $state(true);
  /** The socket is open: a send goes out now (otherwise it waits, queued, for the reconnect). */
  connected = $state(false);
  typing = $state<Record<number, TypingState>>({});
  /** The conversation on screen, if any. */
  activeId = $state<number | null>(null);
  /**
   * The conversation read live (issue 13): open at its latest with everything before read, the
   * window looked at (its message list says so). Its count shows 0: what lands is on screen.
   */
  liveId = $state<number | null>(null);

  sorted = $derived(sortRoster(this.entries));
  /** The server's counts as shown (see lib/unread-shown): 0 for the one read live. */
  unreadTotal = $derived(shownUnreadTotal(this.entries, this.liveId, true));

  /** Conversations opened this session; each holds its own reactive state. */
  #conversations: Record<number, Conversation> = {};
  #unread: UnreadCounts['chats'] | null = null;
  #typingTimers = new KeyedTimers<number>();
  /** When I last told each peer I am typing (0: not typing). */
  #typingSentAt: Record<number, number> = {};
  #typingIdle = new KeyedTimers<number>();
  #sendTimers = new KeyedTimers<string>();
  #off: (() => void)[] = [];

  constructor(
    private readonly socket: SocketClient,
    private readonly myId: number,
  ) {
    this.#off.push(
      socket.on('chat.message', (e) => this.#onMessage(e.payload)),
      socket.on('typing', (e) => {
        if (e.payload.conversationId === undefined) this.#onTyping(e.payload);
      }),
      socket.on('presence.snapshot', (e) => {
        const online: Record<number, boolean> = {};
        for (const id of e.payload.online) online[id] = true;
        this.online = online;
        this.presenceKnown = true;
      }),
      socket.on('presence', (e) => this.#onPresence(e.payload)),
      socket.on('unread', (e) => this.#applyUnread(e.payload.chats)),
      socket.on('user.joined', (e) => this.#onJoined(e)),
      socket.on('error', (e) => {
        const { ref, code, message } = e.payload;
        if (ref) this.#fail(ref, message, !FINAL_REFUSALS.includes(code));
      }),
      socket.on('resync', () => void this.resync()),
      socket.onStatus((s) => {
        this.connected = s === 'open';
        if (s === 'open') this.#resendPending();
        else this.#disconnected();
      }),
    );
    this.connected = socket.status === 'open';
  }

  byId(id: number): ChatPeer | undefined {
    return this.entries.find((e) => e.id === id);
  }

  byNickname(nickname: string): ChatPeer | undefined {
    const n = nickname.toLowerCase();
    return this.entries.find((e) => e.nickname.toLowerCase() === n);
  }

  /** The badge for one person: the server's count, or 0 while their conversation is read live. */
  unreadShown(entry: ChatPeer): number {
    return shownUnread(entry, this.liveId, true);
  }

  /** The message list says whether it is reading `peerId`'s conversation live. */
  setLive(peerId: number, live: boolean): void {
    if (live) this.liveId = peerId;
    else if (this.liveId === peerId) this.liveId = null;
  }

  isOnline(id: number): boolean {
    return this.online[id] === true;
  }

  /** Online, offline, or unknown (undefined) while reconnecting. */
  presenceOf(id: number): boolean | undefined {
    return this.presenceKnown ? this.isOnline(id) : undefined;
  }

  async loadRoster(): Promise<void> {
    this.error = null;
    try {
      const list = await api.roster();
      const fresh: ChatPeer[] = [];
      for (const { online, ...peer } of list) {
        if (peer.id === this.myId) continue;
        if (online) this.online[peer.id] = true;
        fresh.push(peer);
      }
      this.entries = mergeRoster(fresh, this.entries);
      if (this.#unread) this.#applyUnread(this.#unread);
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  conversation(peerId: number): Conversation {
    return (this.#conversations[peerId] ??= new Conversation(
      peerId,
      (q) => api.chatHistory(peerId, q),
      this.myId,
    ));
  }

  /**
   * Called by the chat view when it shows a conversation: at its first unread message, or at
   * message `at` (a notification's, a search result's). Reading is the view's to tell
   * (`markRead`), for what was on screen.
   */
  async open(peerId: number, at: number | null = null): Promise<Conversation> {
    this.activeId = peerId;
    const c = this.conversation(peerId);
    // What this session showed before is stale: no list is positioned or paged on it.
    c.loaded = false;
    await this.socket.ready;
    await c.open(at);
    return c;
  }

  close(peerId: number): void {
    if (this.activeId === peerId) this.activeId = null;
    this.setLive(peerId, false);
    this.stopTyping(peerId);
  }

  /**
   * Tell the server I have read this conversation up to message `upTo` (the highest one that was
   * on screen while the window was looked at: lib/read-marks.ts decides); the unread count
   * comes back as `unread`.
   */
  markRead(peerId: number, upTo: number): void {
    if (upTo <= 0) return;
    this.socket.send({ type: 'chat.read', payload: { with: peerId, upTo } });
  }

  send(peerId: number, text: string, attachments: readonly Attachment[] = []): void {
    const body = text.trim();
    if (!body && attachments.length === 0) return;
    const clientId = newClientId();
    const c = this.conversation(peerId);
    // Writing from a window further back: the conversation goes to the latest, where it lands.
    if (c.hasNewer) void c.load();
    c.addPending({
      clientId,
      from: this.myId,
      to: peerId,
      body,
      createdAt: nowIso(),
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    });
    this.stopTyping(peerId);
    this.#transmit(peerId, clientId, body, attachments);
  }

  /** Retry is offered only for real failures; a send while disconnected waits on its own. */
  retry(peerId: number, clientId: string): void {
    const m = this.conversation(peerId).markPending(clientId);
    if (m) this.#transmit(peerId, clientId, m.body, m.attachments);
  }

  discard(peerId: number, clientId: string): void {
    this.conversation(peerId).discard(clientId);
  }

  /** The composer changed: announce typing, refreshed while it goes on, stopped after a pause. */
  typingInput(peerId: number, hasText: boolean): void {
    if (!hasText) {
      this.stopTyping(peerId);
      return;
    }
    const now = Date.now();
    if (now - (this.#typingSentAt[peerId] ?? 0) >= TYPING_REFRESH_MS) {
      if (this.socket.send({ type: 'typing.start', payload: { to: peerId } })) {
        this.#typingSentAt[peerId] = now;
      }
    }
    this.#typingIdle.set(peerId, TYPING_IDLE_MS, () => this.stopTyping(peerId));
  }

  stopTyping(peerId: number): void {
    this.#typingIdle.clear(peerId);
    if (!this.#typingSentAt[peerId]) return;
    delete this.#typingSentAt[peerId];
    this.socket.send({ type: 'typing.stop', payload: { to: peerId } });
  }

  async resync(): Promise<void> {
    await this.loadRoster();
    if (this.activeId !== null) {
      await this.conversation(this.activeId).load();
    }
  }

  destroy(): void {
    for (const off of this.#off) off();
    this.#typingTimers.clearAll();
    this.#typingIdle.clearAll();
    this.#sendTimers.clearAll();
  }

  /**
   * Sends now if connected, with a deadline for the echo. Disconnected, the message stays
   * pending (queued): the reconnect sends it, so going offline is never a failure to retry.
   */
  #transmit(
    peerId: number,
    clientId: string,
    body: string,
    attachments: readonly Attachment[] = [],
  ): void {
    const ids = attachments.map((a) => a.id);
    const payload = { to: peerId, body, clientId, ...(ids.length > 0 ? { attachments: ids } : {}) };
    const sent = this.socket.send({ type: 'chat.send', payload });
    if (!sent) return;
    this.#sendTimers.set(clientId, SEND_TIMEOUT_MS, () =>
      this.conversation(peerId).markFailed(clientId, 'The forum didn’t answer in time.', true),
    );
  }

  /**
   * After a reconnect, every message still pending goes (again): queued ones for the first
   * time, ones in flight when the connection dropped once more. The same clientId makes that
   * idempotent: the server stores a clientId once and echoes the stored message.
   */
  #resendPending(): void {
    for (const c of Object.values(this.#conversations)) {
      for (const m of c.messages) {
        if (m.status === 'pending' && m.clientId) {
          this.#transmit(c.peerId, m.clientId, m.body, m.attachments);
        }
      }
    }
  }

  #fail(clientId: string, message: string, retryable: boolean): void {
    for (const c of Object.values(this.#conversations)) {
      if (c.markFailed(clientId, message, retryable)) {
        this.#sendTimers.clear(clientId);
        return;
      }
    }
  }

  #onMessage(msg: ChatMessage): void {
    // (rooms) Group and room messages belong to RoomsState, not to a private conversation.
    if (msg.conversationId !== undefined) return;
    const incoming = msg.from !== this.myId;
    const peerId = incoming ? msg.from : msg.to;
    if (msg.clientId) this.#sendTimers.clear(msg.clientId);
    const entry = this.byId(peerId);
    if (entry) {
      if (!entry.lastMessageAt || Date.parse(msg.createdAt) >= Date.parse(entry.lastMessageAt)) {
        entry.lastMessageAt = msg.createdAt;
        entry.lastMessageId = msg.id;
        // A picture sent without text is not a deleted message (whose preview is '').
        entry.lastMessagePreview =
          msg.body || (msg.attachments?.length ? ATTACHMENT_PREVIEW : msg.body);
      }
    } else if (this.loaded) {
      void this.loadRoster(); // someone new: the roster has their details
    }
    const c = this.#conversations[peerId];
    c?.receive(msg);
    if (incoming) this.#clearTyping(peerId);
  }

  #onTyping({ from, nickname, active }: { from: number; nickname: string; active: boolean }): void {
    if (!active) {
      this.#clearTyping(from);
      return;
    }
    this.typing[from] = { nickname, until: Date.now() + TYPING_TTL_MS };
    this.#typingTimers.set(from, TYPING_TTL_MS, () => this.#clearTyping(from));
  }

  #clearTyping(id: number): void {
    this.#typingTimers.clear(id);
    if (id in this.typing) delete this.typing[id];
  }

  /**
   * Disconnected: who is online or typing is unknown until the next snapshot, not "as before".
   * Echo deadlines stop too: what is in flight is sent again on the reconnect, with new ones.
   */
  #disconnected(): void {
    this.presenceKnown = false;
    this.online = {};
    this.#typingTimers.clearAll();
    this.typing = {};
    this.#sendTimers.clearAll();
  }

  #onPresence({ userId, online }: { userId: number; online: boolean }): void {
    this.online[userId] = online;
    if (!online) this.#clearTyping(userId);
  }

  #onJoined(e: ServerEventOf<'user.joined'>): void {
    const { user } = e.payload;
    if (user.id === this.myId || this.byId(user.id)) return;
    this.entries.push({
      id: user.id,
      nickname: user.nickname,
      lastMessageAt: null,
      lastMessageId: null,
      lastMessagePreview: null,
      unread: 0,
    });
  }

  #applyUnread(chats: UnreadCounts['chats']): void {
    this.#unread = chats;
    for (const entry of this.entries) entry.unread = chats[String(entry.id)] ?? 0;
  }
}
