import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { ErrorCode } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import { isDatabaseBusy } from '../../db/open-db';
import {
  missingCase,
  WS_CLOSE,
  type ClientEvent,
  type ClientEventType,
} from '../../common/protocol';
import type { AuthResult } from '../auth/sessions.service';
import type { ServerContext } from '../context';
import { envelopeJson } from '../events/event-log';
import { clientRateKey, isSecureRequest } from '../http/client-ip';
import { unknownHostMessage } from '../http/host-check';
import { isAllowedOrigin } from '../http/same-origin';
import { TokenBucketLimiter, UNLIMITED } from '../security/rate-limiter';
import type { ChatWrite } from '../services/chat.service';
import { parseClientEvent } from './client-events';
import { Connection, LiveSocket } from './connection';
import { FloodGuard, type Rejection } from './flood-guard';
import { textFrame } from './frames';
import { GroupCommit } from './group-commit';
import { isLivePath, rejectHandshake } from './handshake';
import { Hub } from './hub';
import { TypingTracker } from './typing';

export interface LiveStats {
  /** Sockets in the hub (open, not closing). */
  connections: number;
  /** Sockets not yet closed, including those closing (they count toward maxSocketsPerUser). */
  sockets: number;
  online: number;
  typing: number;
  /** Chat writes waiting for a commit (grows only while the database is locked). */
  pendingWrites: number;
}

export interface LiveServer {
  readonly hub: Hub;
  stats(): LiveStats;
  /** Commits queued sends, closes every socket (1001, then cut after 1 s) and stops timers. */
  close(): Promise<void>;
}

/**
 * Token cost per message type: typing and read marks are cheap, sending is not. A socket's
 * first `resume` is free: its handshake took a token. A later one is refused, at full cost.
 */
const COST: Record<ClientEventType, number> = {
  'chat.send': 1,
  'typing.start': 0.25,
  'typing.stop': 0.25,
  'chat.read': 0.25,
  resume: 1,
};
const MIN_COST = 0.25;
/** Cost of a message that could not be parsed (floods of garbage count too). */
const INVALID_COST = 1;
const CLOSE_GRACE_MS = 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const PRUNE_BATCH = 5000;

const ignore = (): void => undefined;

/** The server creates only LiveSockets (the `WebSocket` option below), so the cast holds. */
const connectionOf = (ws: WebSocket): Connection | null => (ws as LiveSocket).connection;

const RESUME_NOT_FIRST =
  'resume is accepted only as the first message on a socket. To resume again, open a new socket.';
const DATABASE_LOCKED = 'The forum’s database is locked by another program. Try again in a moment.';

function errorFrame(code: ErrorCode, message: string, ref?: string): Buffer {
  const payload = ref === undefined ? { code, message } : { code, message, ref };
  return textFrame(envelopeJson('error', JSON.stringify(payload)));
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * The WebSocket live layer at `/ws`, attached to the forum's HTTP server: the handshake
 * (same session check as REST, Origin check, answered with 401/403 before upgrading), one
 * Connection per socket, the client events, the chat group commit, the heartbeat, and the
 * 4401 close when a session ends. docs/protocol.md is the contract.
 */
export function attachLiveServer(ctx: ServerContext, httpServer: Server): LiveServer {
  const { config } = ctx;
  const tuning = config.live;
  const log = ctx.log.scoped('ws');
  const hub = new Hub({
    events: ctx.events,
    chat: ctx.chat,
    notifications: ctx.notifications,
    tuning,
    log,
  });
  const typing = new TypingTracker(hub, tuning.typingTimeoutMs);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.wsPayloadBytes,
    // Off: compression costs ~220 KB per socket here, and frames are small JSON anyway.
    perMessageDeflate: false,
    clientTracking: false,
    WebSocket: LiveSocket,
  });
  wss.on('error', (err) => log.error('websocket server error', { err }));
  const renewedCookie = new WeakMap<IncomingMessage, string>();
  wss.on('headers', (headers, req) => {
    const cookie = renewedCookie.get(req);
    if (cookie) headers.push(`Set-Cookie: ${cookie}`);
  });

  let closing = false;
  /** Every socket not yet closed, including those the hub already let go (closing). */
  const sockets = new Set<LiveSocket>();
  /**
   * Sockets per user until really closed: one the hub let go (closing, 1008, 4401) still
   * counts toward `maxSocketsPerUser` until its close completes or it is cut.
   */
  const openPerUser = new Map<number, number>();

  const sendError = (conn: Connection, code: ErrorCode, message: string, ref?: string): void =>
    hub.enqueue(conn, errorFrame(code, message, ref));

  const commits = new GroupCommit({
    chat: ctx.chat,
    hub,
    typing,
    tuning,
    log,
    sendError,
  });
  hub.beforeFlush = () => commits.run();

  const guard = new FloodGuard({
    perUser: ctx.limiters.ws,
    perAddress:
      config.rateLimit === false
        ? UNLIMITED
        : new TokenBucketLimiter(config.rateLimit.wsConnect, config.clock),
    clock: config.clock,
    tuning,
    log,
  });

  // ---- handshake ----

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset during the handshake must not become an unhandled 'error'.
    socket.on('error', ignore);
    if (!isLivePath(req.url)) {
      rejectHandshake(socket, 404, 'NOT_FOUND', 'No WebSocket endpoint here: use /ws.');
      return;
    }
    if (closing) {
      rejectHandshake(
        socket,
        503,
        'UNAVAILABLE',
        'The forum is shutting down. Try again shortly.',
        1,
      );
      return;
    }
    if (!config.allowedOrigins.hosts.allows(req.headers.host)) {
      rejectHandshake(socket, 421, 'UNKNOWN_HOST', unknownHostMessage(req.headers.host ?? ''));
      return;
    }
    const secure = isSecureRequest(req);
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, secure, config.allowedOrigins)) {
      rejectHandshake(
        socket,
        403,
        'FORBIDDEN',
        'Cross-site WebSocket connections are not allowed.',
      );
      return;
    }
    // Before the session lookup: a flood of handshakes from one address costs a map lookup.
    const busyAddress = guard.admitAddress(clientRateKey(req));
    if (busyAddress) {
      rejectHandshake(socket, 429, 'RATE_LIMITED', busyAddress.message, busyAddress.retryAfterSec);
      return;
    }
    let auth: AuthResult | null;
    try {
      auth = ctx.sessions.authenticateCookieHeader(req.headers.cookie);
    } catch (err) {
      if (isDatabaseBusy(err)) {
        rejectHandshake(socket, 503, 'UNAVAILABLE', DATABASE_LOCKED, 1);
        return;
      }
      log.error('session check failed during the handshake', { err });
      rejectHandshake(socket, 500, 'INTERNAL', 'Something went wrong on the server.');
      return;
    }
    if (!auth) {
      rejectHandshake(socket, 401, 'UNAUTHENTICATED', 'Sign in to continue.');
      return;
    }
    if ((openPerUser.get(auth.user.id) ?? 0) >= tuning.maxSocketsPerUser) {
      rejectHandshake(socket, 429, 'RATE_LIMITED', 'Too many open connections for this account.');
      return;
    }
    const busyUser = guard.admitUser(auth.user.id);
    if (busyUser) {
      rejectHandshake(socket, 429, 'RATE_LIMITED', busyUser.message, busyUser.retryAfterSec);
      return;
    }
    if (auth.renewed)
      renewedCookie.set(req, ctx.sessions.cookie.set(auth.token, ctx.sessions.ttlMs, secure));
    const who = auth;
    // Corked until the greeting is queued: the 101 answer and hello, presence.snapshot and
    // unread leave in one write (a refused upgrade's end() uncorks by itself).
    socket.cork();
    wss.handleUpgrade(req, socket, head, (ws) => onOpen(ws, socket, who));
  }

  function onOpen(ws: LiveSocket, socket: Duplex, auth: AuthResult): void {
    const conn = new Connection(ws, socket, auth.user, auth.sessionId);
    ws.connection = conn;
    sockets.add(ws);
    openPerUser.set(conn.userId, (openPerUser.get(conn.userId) ?? 0) + 1);
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.on('error', onError);
    ws.on('pong', onPong);
    if (closing) {
      socket.uncork();
      ws.close(1001, 'server shutting down');
      return;
    }
    hub.add(conn);
    hub.writeNow(conn);
    socket.uncork();
  }

  // ---- per-socket events: shared functions, `this` is the socket ----

  function onPong(this: WebSocket): void {
    const conn = connectionOf(this);
    if (conn) conn.alive = true;
  }

  function onError(this: WebSocket, err: Error & { code?: string }): void {
    // Oversized frames (1009) and protocol errors land here; ws closes the socket itself.
    const userId = connectionOf(this)?.userId;
    log.debug('socket error', { userId, code: err.code, message: err.message });
  }

  function onClose(this: WebSocket): void {
    sockets.delete(this as LiveSocket);
    const conn = connectionOf(this);
    if (!conn) return;
    const open = (openPerUser.get(conn.userId) ?? 1) - 1;
    if (open > 0) openPerUser.set(conn.userId, open);
    else openPerUser.delete(conn.userId);
    typing.connectionClosed(conn);
    hub.remove(conn);
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const conn = connectionOf(this);
    if (!conn || conn.closed) return;
    conn.alive = true;
    const unread = guard.refuseUnread(conn.userId, MIN_COST);
    if (unread) {
      refused(conn, unread);
      return;
    }
    if (isBinary) {
      if (allowed(conn, INVALID_COST)) {
        sendError(conn, 'MALFORMED_JSON', 'Send JSON in text frames.');
      }
      return;
    }
    const parsed = parseClientEvent(textOf(data));
    if (!parsed.ok) {
      if (allowed(conn, INVALID_COST, parsed.ref)) {
        sendError(conn, parsed.code, parsed.message, parsed.ref);
      }
      return;
    }
    const event = parsed.event;
    const ref = event.type === 'chat.send' ? event.payload.clientId : undefined;
    const firstResume = event.type === 'resume' && conn.resumable;
    if (!firstResume && !allowed(conn, COST[event.type], ref)) return;
    if (event.type === 'resume' && !firstResume) {
      sendError(conn, 'VALIDATION_FAILED', RESUME_NOT_FIRST);
      return;
    }
    conn.resumable = false;
    // Anything but `resume` first means no resume is coming: stop holding events back.
    if (!firstResume) hub.release(conn);
    try {
      handle(conn, event);
    } catch (err) {
      log.error('client event failed', { type: event.type, userId: conn.userId, err });
      sendError(conn, 'INTERNAL', 'Something went wrong on the server.', ref);
    }
  }

  /** The per-user token bucket: RATE_LIMITED, or 1008 when the user floods (FloodGuard). */
  function allowed(conn: Connection, cost: number, ref?: string): boolean {
    const rejection = guard.take(conn.userId, cost);
    if (rejection === null) return true;
    refused(conn, rejection, ref);
    return false;
  }

  function refused(conn: Connection, rejection: Rejection, ref?: string): void {
    if (rejection.close) {
      hub.disconnect(conn, WS_CLOSE.POLICY, 'too many messages');
      return;
    }
    const wait = rejection.retryAfterSec;
    sendError(conn, 'RATE_LIMITED', `Too many messages. Try again in ${wait} s.`, ref);
  }

  /** Queues a chat write for the group commit, or says why it cannot wait (a long lock). */
  function queueWrite(conn: Connection, write: ChatWrite, ref?: string): void {
    if (commits.add(conn, write)) return;
    sendError(conn, 'UNAVAILABLE', DATABASE_LOCKED, ref);
  }

  /** A user id the sender may talk to: not themselves, and someone who exists. */
  function checkPeer(conn: Connection, peer: number, self: string): boolean {
    if (peer === conn.userId) {
      sendError(conn, 'CANNOT_MESSAGE_SELF', self);
      return false;
    }
    if (!ctx.chat.exists(peer)) {
      sendError(conn, 'UNKNOWN_RECIPIENT', `There is no user ${peer}.`);
      return false;
    }
    return true;
  }

  function handle(conn: Connection, event: ClientEvent): void {
    if (closing && event.type !== 'chat.send' && event.type !== 'chat.read') {
      // Shutting down: sends and read marks are still stored (GroupCommit.finish); typing
      // and resume mean nothing on a socket about to close.
      return;
    }
    switch (event.type) {
      case 'chat.send': {
        const { to, body, clientId } = event.payload;
        const check = ctx.chat.checkSend(conn.userId, to, body);
        if (!check.ok) {
          sendError(conn, check.code, check.message, clientId);
          return;
        }
        const send = { senderId: conn.userId, to, body: check.body, clientId };
        queueWrite(conn, { send }, clientId);
        return;
      }
      case 'typing.start': {
        const { to } = event.payload;
        if (checkPeer(conn, to, 'You cannot type to yourself.')) typing.start(conn, to);
        return;
      }
      case 'typing.stop':
        typing.stop(conn.userId, event.payload.to);
        return;
      case 'chat.read': {
        const peer = event.payload.with;
        if (!checkPeer(conn, peer, 'There is no conversation with yourself.')) return;
        // Written with the next group commit (a read mark is a write: one fsync per batch).
        queueWrite(conn, { read: { reader: conn.userId, peer, upTo: event.payload.upTo } });
        return;
      }
      case 'resume':
        hub.resume(conn, event.payload.since);
        return;
      default:
        missingCase(event);
    }
  }

  // ---- shared timers ----

  const heartbeat = setInterval(() => {
    guard.prune();
    for (const conn of hub.all()) {
      if (!conn.alive) {
        log.debug('no pong, cutting the socket', { userId: conn.userId });
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, tuning.heartbeatMs);
  heartbeat.unref();

  let pruneTimer: NodeJS.Timeout | null = null;
  const pruneEvents = (): void => {
    pruneTimer = null;
    if (closing) return;
    try {
      const deleted = ctx.events.prune({
        retentionMs: tuning.eventRetentionMs,
        maxRows: tuning.eventMaxRows,
        batch: PRUNE_BATCH,
      });
      if (deleted > 0) log.debug('event log pruned', { deleted });
      // A full batch: more may be due; continue soon, in small steps between requests.
      pruneTimer = setTimeout(pruneEvents, deleted === PRUNE_BATCH ? 10 : PRUNE_EVERY_MS);
    } catch (err) {
      // A foreign write lock (an admin's sqlite3) is not a failure: try again in a minute.
      const busy = isDatabaseBusy(err);
      if (busy) log.warn('event log pruning postponed: the database is locked');
      else log.error('event log pruning failed', { err });
      pruneTimer = setTimeout(pruneEvents, busy ? 60_000 : PRUNE_EVERY_MS);
    }
    pruneTimer.unref();
  };
  pruneTimer = setTimeout(pruneEvents, 5000);
  pruneTimer.unref();

  const offSessionEnded = ctx.bus.on('session.ended', ({ sessionId, userId }) => {
    const sockets = hub.connectionsOf(userId);
    if (!sockets) return;
    for (const conn of [...sockets]) {
      if (conn.sessionId === sessionId) {
        typing.connectionClosed(conn);
        hub.disconnect(conn, WS_CLOSE.SESSION_ENDED, 'session ended');
      }
    }
  });

  httpServer.on('upgrade', onUpgrade);
  ctx.live.attach(hub);

  let closed: Promise<void> | null = null;
  return {
    hub,
    stats: () => ({
      connections: hub.connectionCount,
      sockets: sockets.size,
      online: hub.onlineCount,
      typing: typing.size,
      pendingWrites: commits.size,
    }),
    close: () =>
      (closed ??= (async () => {
        closing = true;
        clearInterval(heartbeat);
        if (pruneTimer) clearTimeout(pruneTimer);
        offSessionEnded();
        // Sends received before close are acknowledged: commit and deliver them.
        commits.run(true);
        hub.close();
        typing.close();
        ctx.live.detach(hub);
        const open = [...sockets];
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
        // Sends that arrived while the sockets closed: stored, unanswered (their senders
        // resend by clientId after reconnecting and get the stored message back).
        commits.finish();
        httpServer.off('upgrade', onUpgrade);
        wss.close();
      })()),
  };
}
