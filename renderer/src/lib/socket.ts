/**
 * The one WebSocket client. It reconnects with exponential backoff and jitter, resumes from the
 * last durable `eventId` it saw (so nothing is missed or applied twice), and dispatches typed
 * events through `on(type, fn)`, which returns an unsubscribe function. Close code 4401 (session
 * ended) stops it for good: the app goes back to the login screen.
 *
 * The server's side of resume (docs/protocol.md, server/live/resume-gate.ts): a new socket gets `hello`,
 * then holds durable events back until the client's `resume {since}` (or a short grace period),
 * and any other message first means "no resume coming". The server accepts `resume` only as a
 * socket's first message (a later one is refused), so this client sends at most one per socket,
 * always first: on a reconnect at once, from the last eventId applied; on the very first
 * connection as soon as `hello` names the baseline (which releases the hold without waiting for
 * the grace period), unless something else was sent first (which released it already). After
 * that the server delivers eventIds strictly increasing on a socket,
 * so one number is the whole de-duplication state: an eventId at or below it was applied
 * (e.g. the re-echo of an idempotent `chat.send` retry) and is dropped. `resync` means the gap
 * could not be replayed: the baseline becomes that socket's `hello.lastEventId` and listeners
 * refetch.
 *
 * Plain TypeScript with no DOM dependency (WebSocket and timers are injectable), so vitest
 * drives it in Node against the real server with the `ws` package.
 */
import type { ClientEvent, ServerEvent, ServerEventOf, ServerEventType } from '@common/protocol';
import { WS_CLOSE } from '@common/protocol-constants';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

export type SocketStatus =
  /** First connection attempt, nothing received yet. */
  | 'connecting'
  | 'open'
  /** Lost after (or while) connecting; a retry is scheduled or running. */
  | 'reconnecting'
  /** Stopped: closed by the app or the session ended. */
  | 'closed';

/** Why the session ended: signed out or expired (4401), or suspended by a moderator (4003). */
export type SessionEndKind = 'ended' | 'suspended';

/** The subset of the browser WebSocket this client uses (the `ws` package matches it too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface SocketClientOptions {
  url: string;
  createSocket?: (url: string) => WebSocketLike;
  /** After a connection that never opened: is the session still valid? (false → session ended) */
  checkSession?: () => Promise<boolean>;
  backoff?: BackoffOptions;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Listener<T extends ServerEventType> = (event: ServerEventOf<T>) => void;
type AnyListener = (event: ServerEvent) => void;

const OPEN = 1;

export class SocketClient {
  #opts: Required<Omit<SocketClientOptions, 'checkSession'>> &
    Pick<SocketClientOptions, 'checkSession'>;
  #ws: WebSocketLike | null = null;
  #status: SocketStatus = 'connecting';
  #attempt = 0;
  #timer: unknown = null;
  #stopped = false;
  #listeners = new Map<ServerEventType, Set<AnyListener>>();
  #statusListeners = new Set<(s: SocketStatus) => void>();
  #sessionEndedListeners = new Set<(why: SessionEndKind) => void>();
  /** Highest durable eventId applied; -1 until the first `hello` sets the baseline. */
  #lastEventId = -1;
  /** The current socket's `hello.lastEventId`: the baseline after a `resync`. */
  #helloEventId = -1;
  /** Something was sent on the current socket (a resume now would be refused). */
  #sentOnSocket = false;
  #ready: Promise<void>;
  #resolveReady: () => void = () => undefined;

  constructor(options: SocketClientOptions) {
    this.#opts = {
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      ...options,
    };
    this.#ready = new Promise((resolve) => (this.#resolveReady = resolve));
  }

  /**
   * Settles at the first `hello` (or when the first attempt fails or the client stops). Data
   * fetched over REST after this cannot miss an event: anything committed later is delivered
   * live or replayed. Fetched before it, an event landing in between would be lost.
   */
  get ready(): Promise<void> {
    return this.#ready;
  }

  get status(): SocketStatus {
    return this.#status;
  }

  get lastEventId(): number {
    return this.#lastEventId;
  }

  /** Subscribe to one event type; returns the unsubscribe function. */
  on<T extends ServerEventType>(type: T, fn: Listener<T>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    const l = fn as AnyListener;
    set.add(l);
    return () => set.delete(l);
  }

  onStatus(fn: (s: SocketStatus) => void): () => void {
    this.#statusListeners.add(fn);
    return () => this.#statusListeners.delete(fn);
  }

  /** `why`: 'suspended' when a moderator suspended the account (close 4003), else 'ended'. */
  onSessionEnded(fn: (why: SessionEndKind) => void): () => void {
    this.#sessionEndedListeners.add(fn);
    return () => this.#sessionEndedListeners.delete(fn);
  }

  connect(): void {
    this.#stopped = false;
    this.#open();
  }

  /** Sends if open; returns false otherwise (the caller decides: drop, or mark failed). */
  send(event: ClientEvent): boolean {
    if (!this.#ws || this.#ws.readyState !== OPEN || this.#status !== 'open') return false;
    try {
      this.#ws.send(JSON.stringify(event));
      this.#sentOnSocket = true;
      return true;
    } catch {
      return false;
    }
  }

  /** Skip the backoff wait (network came back, window became visible). */
  reconnectNow(): void {
    if (this.#stopped || this.#status !== 'reconnecting' || this.#ws) return;
    this.#clearTimer();
    this.#open();
  }

  /** Drop the connection as if the network failed (tests, and "retry now" after a stall). */
  dropConnection(): void {
    this.#ws?.close(4000, 'client reconnect');
  }

  close(): void {
    this.#stopped = true;
    this.#resolveReady();
    this.#clearTimer();
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = ws.onopen = null;
      try {
        ws.close(1000, 'bye');
      } catch {
        // already closing
      }
    }
    this.#setStatus('closed');
  }

  #open(): void {
    if (this.#stopped) return;
    let ws: WebSocketLike;
    try {
      ws = this.#opts.createSocket(this.#opts.url);
    } catch {
      this.#scheduleReconnect(false);
      return;
    }
    this.#ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.#helloEventId = -1;
      this.#sentOnSocket = false;
      // Before anything else on this socket (status listeners resend pending messages): the
      // server replays the gap first, then goes live, so eventIds stay in order.
      if (this.#lastEventId >= 0)
        this.#sendRaw(ws, { type: 'resume', payload: { since: this.#lastEventId } });
      this.#setStatus('open');
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (isServerEvent(parsed)) this.#dispatch(parsed, ws);
    };
    ws.onerror = () => {
      // onclose always follows and decides what to do
    };
    ws.onclose = (ev) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      if (this.#stopped) return;
      if (ev.code === WS_CLOSE.SESSION_ENDED) {
        this.#endSession();
        return;
      }
      // Suspended: every session is gone; reconnecting would only be refused.
      if (ev.code === WS_CLOSE.SUSPENDED) {
        this.#endSession('suspended');
        return;
      }
      this.#scheduleReconnect(opened);
    };
  }

  #sendRaw(ws: WebSocketLike, event: ClientEvent): void {
    try {
      ws.send(JSON.stringify(event));
      this.#sentOnSocket = true;
    } catch {
      // closing: onclose follows and reconnects
    }
  }

  #dispatch(event: ServerEvent, ws: WebSocketLike): void {
    if ('eventId' in event && typeof event.eventId === 'number') {
      if (event.eventId <= this.#lastEventId) return;
      this.#lastEventId = event.eventId;
    }
    if (event.type === 'hello') {
      this.#helloEventId = event.payload.lastEventId;
      this.#attempt = 0;
      // The very first hello sets where this client starts, and the resume releases the events
      // the server holds for this socket (if a message went first, it released them and a
      // resume would be refused). Later hellos must not move the baseline: the resume sent on
      // open is replaying from the last event applied.
      if (this.#lastEventId < 0) {
        this.#lastEventId = event.payload.lastEventId;
        if (!this.#sentOnSocket) {
          this.#sendRaw(ws, { type: 'resume', payload: { since: this.#lastEventId } });
        }
      }
    } else if (event.type === 'resync' && this.#helloEventId >= 0) {
      // Too old (or another database): start over from this socket's baseline; the held events
      // that follow are newer than it. Listeners refetch what they show.
      this.#lastEventId = this.#helloEventId;
    }
    const set = this.#listeners.get(event.type);
    if (event.type === 'hello') this.#resolveReady();
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(event);
      } catch (e) {
        // One broken listener must not stop the others or the socket.
        console.error(`socket listener for ${event.type} failed`, e);
      }
    }
  }

  #scheduleReconnect(wasOpen: boolean): void {
    // No live updates for now: the UI loads what it can and resumes later.
    this.#resolveReady();
    this.#setStatus('reconnecting');
    const check = !wasOpen && this.#opts.checkSession;
    const delay = backoffDelay(this.#attempt++, this.#opts.random, this.#opts.backoff);
    this.#clearTimer();
    this.#timer = this.#opts.setTimer(() => {
      this.#timer = null;
      if (!check) {
        this.#open();
        return;
      }
      // A handshake refused with 401 looks like any network failure from the browser: ask.
      check().then(
        (valid) => (valid ? this.#open() : this.#endSession()),
        () => this.#open(),
      );
    }, delay);
  }

  #endSession(why: SessionEndKind = 'ended'): void {
    this.#stopped = true;
    this.#resolveReady();
    this.#clearTimer();
    this.#setStatus('closed');
    for (const fn of [...this.#sessionEndedListeners]) fn(why);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#opts.clearTimer(this.#timer);
    this.#timer = null;
  }

  #setStatus(s: SocketStatus): void {
    if (this.#status === s) return;
    this.#status = s;
    for (const fn of [...this.#statusListeners]) fn(s);
  }
}

function isServerEvent(v: unknown): v is ServerEvent {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { type?: unknown }).type === 'string' &&
    typeof (v as { payload?: unknown }).payload === 'object' &&
    (v as { payload?: unknown }).payload !== null
  );
}
