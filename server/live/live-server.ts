import type { IncomingMessage, Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { ErrorCode } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import {
  missingCase,
  WS_CLOSE,
  type ClientEvent,
  type ClientEventType,
} from '../../common/protocol';
import type { AuthResult } from '../auth/sessions.service';
import type { ServerContext } from '../context';
import { envelopeJson } from '../events/event-log';
import { unknownHostMessage } from '../http/host-check';
import { isAllowedOrigin } from '../http/same-origin';
import type { ChatWrite } from '../services/chat.service';
import { parseClientEvent } from './client-events';
import { Connection, LiveSocket } from './connection';
import { textFrame } from './frames';
import { isEncrypted, isLivePath, rejectHandshake } from './handshake';
import { Hub } from './hub';
import { TypingTracker } from './typing';

export interface LiveStats {
  connections: number;
  online: number;
  typing: number;
}

export interface LiveServer {
  readonly hub: Hub;
  stats(): LiveStats;
  /** Commits queued sends, closes every socket (1001, then cut after 1 s) and stops timers. */
  close(): Promise<void>;
}

/** Token cost per message type: typing and read marks are cheap, sending is not. */
const COST: Record<ClientEventType, number> = {
  'chat.send': 1,
  'typing.start': 0.25,
  'typing.stop': 0.25,
  'chat.read': 0.25,
  resume: 1,
};
/** Cost of a message that could not be parsed (floods of garbage count too). */
const INVALID_COST = 1;
/** Sends committed per transaction at most; the rest go in the next tick. */
const MAX_BATCH = 2000;
/** However slow the disk, a send waits at most this long for its group commit to start. */
const MAX_COMMIT_SPACING_MS = 25;
const CLOSE_GRACE_MS = 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const PRUNE_BATCH = 5000;

const ignore = (): void => undefined;

/** The server creates only LiveSockets (the `WebSocket` option below), so the cast holds. */
const connectionOf = (ws: WebSocket): Connection | null => (ws as LiveSocket).connection;

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
  let pending: { conn: Connection; write: ChatWrite }[] = [];

  const sendError = (conn: Connection, code: ErrorCode, message: string, ref?: string): void =>
    hub.enqueue(conn, errorFrame(code, message, ref));

  // ---- handshake ----

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset during the handshake must not become an unhandled 'error'.
    socket.on('error', ignore);
    if (!isLivePath(req.url)) {
      rejectHandshake(socket, 404, 'NOT_FOUND', 'No WebSocket endpoint here: use /ws.');
      return;
    }
    if (closing) {
      rejectHandshake(socket, 503, 'INTERNAL', 'The forum is shutting down. Try again shortly.');
      return;
    }
    if (!config.allowedOrigins.hosts.allows(req.headers.host)) {
      rejectHandshake(socket, 421, 'UNKNOWN_HOST', unknownHostMessage(req.headers.host ?? ''));
      return;
    }
    const secure = isEncrypted(req.socket);
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, secure, config.allowedOrigins)) {
      rejectHandshake(
        socket,
        403,
        'FORBIDDEN',
        'Cross-site WebSocket connections are not allowed.',
      );
      return;
    }
    let auth: AuthResult | null;
    try {
      auth = ctx.sessions.authenticateCookieHeader(req.headers.cookie);
    } catch (err) {
      log.error('session check failed during the handshake', { err });
      rejectHandshake(socket, 500, 'INTERNAL', 'Something went wrong on the server.');
      return;
    }
    if (!auth) {
      rejectHandshake(socket, 401, 'UNAUTHENTICATED', 'Sign in to continue.');
      return;
    }
    if (hub.socketCount(auth.user.id) >= tuning.maxSocketsPerUser) {
      rejectHandshake(socket, 429, 'RATE_LIMITED', 'Too many open connections for this account.');
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
    typing.connectionClosed(conn);
    hub.remove(conn);
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const conn = connectionOf(this);
    if (!conn || conn.closed) return;
    conn.alive = true;
    if (isBinary) {
      if (allowed(conn, INVALID_COST))
        sendError(conn, 'MALFORMED_JSON', 'Send JSON in text frames.');
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
    if (!allowed(conn, COST[event.type], ref)) return;
    // Anything but `resume` first means no resume is coming: stop holding events back.
    if (event.type !== 'resume') hub.release(conn);
    try {
      handle(conn, event);
    } catch (err) {
      log.error('client event failed', { type: event.type, userId: conn.userId, err });
      sendError(conn, 'INTERNAL', 'Something went wrong on the server.', ref);
    }
  }

  /** The per-user token bucket; a sustained flood closes the socket with 1008. */
  function allowed(conn: Connection, cost: number, ref?: string): boolean {
    const decision = ctx.limiters.ws.take(conn.userId, cost);
    if (decision.allowed) return true;
    const now = performance.now();
    if (now - conn.rejectionWindowStart > tuning.floodWindowMs) {
      conn.rejectionWindowStart = now;
      conn.rejections = 0;
    }
    conn.rejections++;
    if (conn.rejections > tuning.floodRejections) {
      log.warn('socket closed for flooding', { userId: conn.userId });
      hub.disconnect(conn, WS_CLOSE.POLICY, 'too many messages');
      return false;
    }
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    sendError(conn, 'RATE_LIMITED', `Too many messages. Try again in ${seconds} s.`, ref);
    return false;
  }

  function handle(conn: Connection, event: ClientEvent): void {
    switch (event.type) {
      case 'chat.send': {
        const { to, body, clientId } = event.payload;
        const check = ctx.chat.checkSend(conn.userId, to, body);
        if (!check.ok) {
          sendError(conn, check.code, check.message, clientId);
          return;
        }
        const send = { senderId: conn.userId, to, body: check.body, clientId };
        pending.push({ conn, write: { send } });
        hub.requestTick();
        return;
      }
      case 'typing.start': {
        const { to } = event.payload;
        if (to === conn.userId) {
          sendError(conn, 'CANNOT_MESSAGE_SELF', 'You cannot type to yourself.');
        } else if (!ctx.chat.exists(to)) {
          sendError(conn, 'UNKNOWN_RECIPIENT', `There is no user ${to}.`);
        } else {
          typing.start(conn, to);
        }
        return;
      }
      case 'typing.stop':
        typing.stop(conn.userId, event.payload.to);
        return;
      case 'chat.read': {
        // Written with the next group commit (a read mark is a write: one fsync per batch).
        const read = { reader: conn.userId, peer: event.payload.with, upTo: event.payload.upTo };
        pending.push({ conn, write: { read } });
        hub.requestTick();
        return;
      }
      case 'resume':
        hub.resume(conn, event.payload.since);
        return;
      default:
        missingCase(event);
    }
  }

  /**
   * The group commit, run at the start of each tick: every chat.send received since the
   * last commit is stored in one transaction (one fsync), then delivered to both sides, in
   * commit order. A message is never delivered before it is durable. Commits are at least
   * `groupCommitMs` apart, so under load a commit carries many sends.
   */
  function commitSends(force = false): void {
    if (pending.length === 0) return;
    // At least groupCommitMs apart, and 3× the last commit's time: when fsync is slow (a busy
    // disk), batches grow instead of the event loop spending its time blocked in commits.
    const spacing = Math.min(
      MAX_COMMIT_SPACING_MS,
      Math.max(tuning.groupCommitMs, 3 * lastCommitMs),
    );
    const wait = lastCommitAt + spacing - performance.now();
    if (wait > 0 && !force) {
      // Too soon after the last commit: let more sends join this one.
      commitTimer ??= setTimeout(() => {
        commitTimer = null;
        hub.requestTick();
      }, Math.ceil(wait));
      return;
    }
    lastCommitAt = performance.now();
    let batch = pending;
    if (batch.length > MAX_BATCH) {
      batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(MAX_BATCH);
      hub.requestTick();
    } else {
      pending = [];
    }
    const outcomes = ctx.chat.commit(batch.map((p) => p.write));
    lastCommitMs = performance.now() - lastCommitAt;
    outcomes.forEach((outcome, i) => {
      const conn = batch[i]!.conn;
      switch (outcome.kind) {
        case 'sent':
          hub.publish([outcome.event], []);
          hub.chatMessageStored(outcome.send.to, outcome.send.senderId);
          typing.stop(outcome.send.senderId, outcome.send.to);
          return;
        case 'duplicate':
          // A retry: the same message and eventId again, to the socket that retried.
          if (outcome.eventId !== null) {
            const json = envelopeJson(
              'chat.message',
              JSON.stringify(outcome.message),
              outcome.eventId,
            );
            hub.deliverDurable(conn, textFrame(json));
          }
          return;
        case 'failed':
          sendError(conn, outcome.code, outcome.message, outcome.send.clientId);
          return;
        case 'read':
          // Every socket of the reader gets the new counts: reading here clears the others.
          hub.unreadChanged([outcome.read.reader]);
          return;
        default:
          missingCase(outcome);
      }
    });
  }
  let lastCommitAt = 0;
  let lastCommitMs = 0;
  let commitTimer: NodeJS.Timeout | null = null;
  hub.beforeFlush = () => commitSends();

  // ---- shared timers ----

  const heartbeat = setInterval(() => {
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
      log.error('event log pruning failed', { err });
      pruneTimer = setTimeout(pruneEvents, PRUNE_EVERY_MS);
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
      online: hub.onlineCount,
      typing: typing.size,
    }),
    close: () =>
      (closed ??= (async () => {
        closing = true;
        clearInterval(heartbeat);
        if (pruneTimer) clearTimeout(pruneTimer);
        offSessionEnded();
        // Sends received before close are acknowledged: commit and deliver them.
        if (commitTimer) clearTimeout(commitTimer);
        commitSends(true);
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
        httpServer.off('upgrade', onUpgrade);
        wss.close();
      })()),
  };
}
