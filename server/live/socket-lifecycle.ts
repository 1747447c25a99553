import type { Duplex } from 'node:stream';
import WebSocket, { type RawData } from 'ws';
import { WS_CLOSE } from '../../common/protocol';
import type { AuthResult } from '../auth/sessions.service';
import type { Logger } from '../logging/logger';
import type { SessionEndReason } from '../events/outbox';
import { Connection, type LiveSocket } from './connection';
import type { FloodGuard } from './flood-guard';
import type { Hub } from './hub';
import type { Transport } from './transport/transport';
import type { TypingTracker } from './typing';

/** At shutdown, sockets get this long to complete their close (1001); then they are cut. */
const CLOSE_GRACE_MS = 1000;

export interface SocketLifecycleDeps {
  hub: Hub;
  typing: TypingTracker;
  /** An inbound message on an open socket (the dispatcher). */
  dispatch(conn: Connection, data: RawData, isBinary: boolean): void;
  guard: Pick<FloodGuard, 'prune'>;
  transport: Transport;
  heartbeatMs: number;
  log: Logger;
}

/** The server creates only LiveSockets (`WebSocket` option of the server), so the cast holds. */
const connectionOf = (ws: WebSocket): Connection | null => (ws as LiveSocket).connection;

/**
 * A socket from its upgrade to its close: the Connection, the shared handlers (`this` is the
 * socket: no closures per socket), the heartbeat sweep, ending a session's sockets (4401),
 * and closing everything at shutdown. Counts sockets per user until they are really closed,
 * for the handshake's `maxSocketsPerUser`.
 */
export class SocketLifecycle {
  /** Every socket not yet closed, including those the hub already let go (closing). */
  private readonly sockets = new Set<LiveSocket>();
  /**
   * Sockets per user until really closed: one the hub let go (closing, 1008, 4401) still
   * counts toward `maxSocketsPerUser` until its close completes or it is cut.
   */
  private readonly openPerUser = new Map<number, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private isClosing = false;
  // The socket handlers, shared by every socket (`this` is the socket): no closure per socket.
  private readonly onMessage: (this: WebSocket, data: RawData, isBinary: boolean) => void;
  private readonly onClose: (this: WebSocket) => void;
  private readonly onError: (this: WebSocket, err: Error & { code?: string }) => void;
  private readonly onPong = function (this: WebSocket): void {
    const conn = connectionOf(this);
    if (conn) conn.alive = true;
  };

  constructor(private readonly deps: SocketLifecycleDeps) {
    const { hub, typing, log } = deps;
    const { sockets, openPerUser } = this;
    this.onMessage = function (this: WebSocket, data: RawData, isBinary: boolean): void {
      const conn = connectionOf(this);
      if (!conn || conn.closed) return;
      conn.alive = true;
      deps.dispatch(conn, data, isBinary);
    };
    this.onClose = function (this: WebSocket): void {
      sockets.delete(this as LiveSocket);
      const conn = connectionOf(this);
      if (!conn) return;
      const open = (openPerUser.get(conn.userId) ?? 1) - 1;
      if (open > 0) openPerUser.set(conn.userId, open);
      else openPerUser.delete(conn.userId);
      typing.connectionClosed(conn);
      hub.remove(conn);
    };
    this.onError = function (this: WebSocket, err: Error & { code?: string }): void {
      // Oversized frames (1009) and protocol errors land here; ws closes the socket itself.
      const userId = connectionOf(this)?.userId;
      log.debug('socket error', { userId, code: err.code, message: err.message });
    };
    this.heartbeat = setInterval(() => this.sweep(), deps.heartbeatMs);
    this.heartbeat.unref();
  }

  get closing(): boolean {
    return this.isClosing;
  }

  /** Sockets not yet closed, including those closing. */
  get size(): number {
    return this.sockets.size;
  }

  openSockets(userId: number): number {
    return this.openPerUser.get(userId) ?? 0;
  }

  /**
   * The upgrade completed: the socket joins the hub, which greets it (hello,
   * presence.snapshot, unread) at its next tick, in one write with the 101 answer.
   */
  open(ws: LiveSocket, socket: Duplex, auth: AuthResult): void {
    const { hub, transport } = this.deps;
    const conn = new Connection(ws, socket, auth.user, auth.sessionId);
    ws.connection = conn;
    this.sockets.add(ws);
    this.openPerUser.set(conn.userId, this.openSockets(conn.userId) + 1);
    ws.on('message', this.onMessage);
    ws.on('close', this.onClose);
    ws.on('error', this.onError);
    ws.on('pong', this.onPong);
    if (this.isClosing) {
      transport.releaseHandshake(socket);
      ws.close(1001, 'server shutting down');
      return;
    }
    // Greeted by the hub's next tick (`Hub.greet`), which also releases the handshake.
    hub.add(conn);
  }

  /** Closes the sockets of one session: signed out or expired (4401), suspended (4003). */
  endSession(userId: number, sessionId: number, reason?: SessionEndReason): void {
    const { hub, typing } = this.deps;
    const sockets = hub.connectionsOf(userId);
    if (!sockets) return;
    for (const conn of [...sockets]) {
      if (conn.sessionId === sessionId) {
        typing.connectionClosed(conn);
        if (reason === 'suspended') hub.disconnect(conn, WS_CLOSE.SUSPENDED, 'suspended');
        else hub.disconnect(conn, WS_CLOSE.SESSION_ENDED, 'session ended');
      }
    }
  }

  /** From now on new sockets are refused or closed at once (1001). */
  startClosing(): void {
    this.isClosing = true;
    clearInterval(this.heartbeat);
  }

  /** Closes every socket (1001), waits up to CLOSE_GRACE_MS for them, then cuts the rest. */
  async closeAll(): Promise<void> {
    const open = [...this.sockets];
    const done = open.map(
      (ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())),
    );
    for (const ws of open) {
      if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'server shutting down');
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(done),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS))),
    ]);
    clearTimeout(timer);
    for (const ws of open) if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
  }

  /** The heartbeat: a socket that did not answer the last ping is cut; the others are pinged. */
  private sweep(): void {
    this.deps.guard.prune();
    for (const conn of this.deps.hub.all()) {
      if (!conn.alive) {
        this.deps.log.debug('no pong, cutting the socket', { userId: conn.userId });
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }
}
