import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LIMITS } from '../../common/limits';
import { walSyncFor } from '../../db/wal-sync';
import type { ServerContext } from '../context';
import { resolveClient } from '../http/client-ip';
import { TokenBucketLimiter, UNLIMITED } from '../security/rate-limiter';
import { precheckHandshake, type AdmissionDeps } from './admission';
import { LiveSocket } from './connection';
import { Dispatcher, errorFrame } from './dispatcher';
import { FloodGuard } from './flood-guard';
import { GroupCommit } from './group-commit';
import { rejectHandshake } from './handshake';
import { HandshakeBatch, type PendingHandshake } from './handshake-batch';
import { Hub } from './hub';
import type { LiveSink } from './live-port';
import { SocketLifecycle } from './socket-lifecycle';
import { TickPipeline } from './tick-pipeline';
import { createTransport } from './transport/transport';
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

const ignore = (): void => undefined;

/**
 * The WebSocket live layer at `/ws`, attached to the forum's HTTP server. This file only
 * puts the parts together: handshake admission (`admission.ts`), the socket lifecycle
 * (`socket-lifecycle.ts`), the message dispatcher (`dispatcher.ts`), the hub and its tick
 * (`hub.ts`, `tick-pipeline.ts`), the chat group commit and the transport
 * (`transport/`). docs/protocol.md is the contract.
 */
export function attachLiveServer(ctx: ServerContext, httpServer: Server): LiveServer {
  const { config } = ctx;
  const tuning = config.live;
  const log = ctx.log.scoped('ws');
  const transport = createTransport(tuning.plainTransport);
  if (transport.plain) log.info('plain transport: every frame goes through ws.send');
  const ticks = new TickPipeline(log);
  const hub = new Hub({
    events: ctx.events,
    chat: ctx.chat,
    notifications: ctx.notifications,
    unreadMany: ctx.stores.unread,
    contactsMany: (ids) => ctx.stores.contacts.many(ids),
    tuning,
    log,
    transport,
    ticks,
  });
  const typing = new TypingTracker(hub, tuning.typingTimeoutMs, (id) =>
    ctx.stores.conversations.members(id),
  );
  // The chat batches' fsync runs on the thread pool (live/wal-pipeline.ts).
  const walSync = tuning.chatFsync === 'full' ? null : walSyncFor(ctx.db);
  const commits = new GroupCommit({
    chat: ctx.chat,
    hub,
    walSync,
    inlineSync: tuning.chatFsync === 'inline',
    events: ctx.events,
    publisher: ctx.publisher,
    typing,
    tuning,
    log,
    sendError: (conn, code, message, ref) => hub.enqueue(conn, errorFrame(code, message, ref)),
  });
  // One tick, in this order: greet the sockets that connected, store the chat writes received, refresh the unread counts they
  // and anything else changed (a count follows its cause), then one write per socket.
  ticks.setStages([
    { name: 'greetings', run: () => hub.greet() },
    { name: 'chat group commit', run: () => commits.run() },
    { name: 'unread counts', run: () => hub.pushUnread() },
    { name: 'socket writes', run: () => hub.flush() },
  ]);

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
  const lifecycle = new SocketLifecycle({
    hub,
    typing,
    dispatch: (conn, data, isBinary) => dispatcher.message(conn, data, isBinary),
    guard,
    transport,
    heartbeatMs: tuning.heartbeatMs,
    log,
  });
  const closing = (): boolean => lifecycle.closing;
  const dispatcher = new Dispatcher({
    chat: ctx.chat,
    edits: ctx.chatEdits,
    hub,
    typing,
    commits,
    guard,
    log,
    closing,
  });

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

  const admission: AdmissionDeps = {
    origins: config.allowedOrigins,
    sessions: ctx.sessions,
    guard,
    maxSocketsPerUser: tuning.maxSocketsPerUser,
    log,
    closing,
    openSockets: (userId: number) => lifecycle.openSockets(userId),
  };
  // The session checks of many handshakes in one query (a reconnect storm): handshake-batch.ts.
  const handshakes = new HandshakeBatch({
    admission,
    windowMs: tuning.handshakeBatchMs,
    refuse: ({ socket }, { status, code, message, retryAfterSec }) =>
      rejectHandshake(socket, status, code, message, retryAfterSec),
    upgrade: ({ req, socket, head, secure }: PendingHandshake, auth) => {
      if (auth.renewed) {
        renewedCookie.set(req, ctx.sessions.cookie.set(auth.token, ctx.sessions.ttlMs, secure));
      }
      // The 101 answer and the greeting leave in one write (a refused upgrade's end() uncorks).
      transport.holdHandshake(socket);
      wss.handleUpgrade(req, socket, head, (ws) => lifecycle.open(ws, socket, auth));
    },
  });
  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset during the handshake must not become an unhandled 'error'.
    socket.on('error', ignore);
    resolveClient(req, config.trustProxy);
    const pre = precheckHandshake(req, admission);
    if (!pre.ok) {
      const { status, code, message, retryAfterSec } = pre;
      rejectHandshake(socket, status, code, message, retryAfterSec);
      return;
    }
    handshakes.push({ req, socket, head, secure: pre.secure });
  }

  // What `context.live` forwards the publisher's deliveries to (live-port.ts).
  const sink: LiveSink = {
    publish: (events, unreadChanged) => hub.publish(events, unreadChanged),
    isOnline: (userId) => hub.isOnline(userId),
    endSession: (userId, sessionId, reason) => lifecycle.endSession(userId, sessionId, reason),
  };
  httpServer.on('upgrade', onUpgrade);
  ctx.live.attach(sink);

  let closed: Promise<void> | null = null;
  return {
    hub,
    stats: () => ({
      connections: hub.connectionCount,
      sockets: lifecycle.size,
      online: hub.onlineCount,
      typing: typing.size,
      pendingWrites: commits.size,
    }),
    close: () =>
      (closed ??= (async () => {
        lifecycle.startClosing();
        handshakes.close();
        // Sends received before close are acknowledged: commit and deliver them.
        commits.run(true);
        ticks.close();
        hub.close();
        typing.close();
        ctx.live.detach(sink);
        await lifecycle.closeAll();
        // Sends that arrived while the sockets closed: stored, unanswered (their senders
        // resend by clientId after reconnecting and get the stored message back).
        commits.finish();
        walSync?.close();
        httpServer.off('upgrade', onUpgrade);
        wss.close();
      })()),
  };
}
