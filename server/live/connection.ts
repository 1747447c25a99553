import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { Me } from '../../common/api';

/**
 * One open socket. Kept small (there may be 10,000+): plain fields, no timers and no
 * closures of its own; the hub's shared sweeps (heartbeat, resume grace, typing) visit it.
 */
export class Connection {
  /** Frames queued during this tick, written with one cork/uncork (null: nothing queued). */
  out: Buffer | Buffer[] | null = null;
  /**
   * Durable frames held back until the client's `resume` (or the grace period ends), so that
   * after a reconnect eventIds arrive strictly in order: the replay first, then live ones.
   * null once live.
   */
  held: Buffer[] | null = null;
  /**
   * The `lastEventId` its `hello` named (-1: not greeted yet). A field, not a WeakMap entry:
   * 10,000 long-lived sockets would be 10,000 ephemerons for every major GC to trace.
   */
  helloEventId = -1;
  /** performance.now() at which holding ends without a `resume`. */
  holdUntil = 0;
  /** Answered the last ping (or sent something since). */
  alive = true;
  /** Left the hub (closing or closed): nothing more is queued. */
  closed = false;
  /**
   * No message handled yet: a `resume` is accepted only now, as the socket's first message
   * (one replay per socket, paid for by the handshake's token).
   */
  resumable = true;
  /**
   * A durable event went out live before any `resume` (the hold ended by the grace period or
   * overflow): a late resume can no longer be replayed in order, it gets `resync`.
   */
  sentLive = false;
  /** Peers this socket announced typing to (null: none). */
  typingTo: Set<number> | null = null;
  /** (rooms) The groups and rooms this socket announced typing in. */
  typingIn: Set<number> | null = null;

  constructor(
    readonly ws: WebSocket,
    /** The raw TCP socket under `ws`: pre-built frames are written to it directly. */
    readonly socket: Duplex,
    readonly user: Me,
    readonly sessionId: number,
  ) {}

  get userId(): number {
    return this.user.id;
  }
}

/** The `ws` socket class the server creates, carrying its Connection for shared handlers. */
export class LiveSocket extends WebSocket {
  connection: Connection | null = null;
}
