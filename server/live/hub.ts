import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { UnreadCounts } from '../../common/api';
import { WS_CLOSE } from '../../common/protocol';
import type { LiveTuning } from '../config/server-config';
import { envelopeJson, type DurableEvent, type EventLog } from '../events/event-log';
import type { Logger } from '../logging/logger';
import type { ChatService } from '../services/chat.service';
import type { NotificationsService } from '../services/notifications.service';
import type { Connection } from './connection';
import { textFrame } from './frames';
import type { LiveSink } from './live-port';

export interface HubDeps {
  events: EventLog;
  chat: ChatService;
  notifications: NotificationsService;
  tuning: LiveTuning;
  log: Logger;
}

const RESYNC_FRAME = textFrame(envelopeJson('resync', '{}'));
/**
 * A socket closed for a policy (1008) or a session end (4401) gets this long to answer the
 * close frame; then it is cut, so a peer that ignores it cannot keep its buffers for ws's 30 s.
 */
const CLOSE_CUTOFF_MS = 2000;

/** Bytes queued for this tick's flush. */
function queuedBytes(out: Buffer | Buffer[] | null): number {
  if (out === null) return 0;
  if (Buffer.isBuffer(out)) return out.length;
  let n = 0;
  for (const frame of out) n += frame.length;
  return n;
}

/**
 * Who is connected, and everything sent to them.
 *
 * - `Map<userId, Set<Connection>>`: one user may have many sockets (windows, devices).
 *   Presence changes only on a user's first socket up and last socket down.
 * - Outgoing frames are queued per socket and written once per tick (setImmediate), one
 *   cork/uncork per socket: a burst of events costs one write per socket, not one per event.
 * - Before each flush, `beforeFlush` runs (the chat group commit), then fresh `unread`
 *   counts for users whose counts changed this tick, so a count follows its cause. Counts
 *   of online users live in memory: a stored message bumps them without a query.
 * - A socket whose unsent data passes `maxBufferedBytes` (checked before and after each
 *   write, and before a replay) is cut at once: it reconnects and resumes, and memory never
 *   grows without bound.
 * - Durable events reach a new socket only after its `resume` (or the grace period), so
 *   eventIds arrive in order on every socket (see `hold`).
 */
export class Hub implements Omit<LiveSink, 'endSession'> {
  private readonly byUser = new Map<number, Set<Connection>>();
  private readonly connections = new Set<Connection>();
  private dirty: Connection[] = [];
  /**
   * Unread counts of the users online, kept in step with the database: loaded when a user's
   * first socket opens, bumped for each chat message stored for them (no query), reloaded
   * after anything else changes them (reads, notifications).
   */
  private readonly unread = new Map<number, UnreadCounts>();
  /** Reload from the database at the next tick. */
  private readonly unreadStale = new Set<number>();
  /** Send the (current) counts at the next tick. */
  private readonly unreadPush = new Set<number>();
  private tickScheduled = false;
  private closed = false;
  /** Above `presenceBroadcastMax` online, presence goes to contacts only (see flushPresence). */
  private contactsOnlyPresence = false;
  /** Presence changes waiting for the next batch: userId → online (net of this batch). */
  private readonly presencePending = new Map<number, boolean>();
  private presenceTimer: NodeJS.Timeout | null = null;
  /** Sockets waiting for `resume`, in connection order (so in deadline order). */
  private awaiting: Connection[] = [];
  private awaitingHead = 0;
  private graceTimer: NodeJS.Timeout | null = null;

  /** Runs at the start of every tick, before unread counts and the flush. */
  beforeFlush: () => void = () => undefined;

  constructor(private readonly deps: HubDeps) {}

  get connectionCount(): number {
    return this.connections.size;
  }

  get onlineCount(): number {
    return this.byUser.size;
  }

  /** True while presence goes to chat contacts only (more than presenceBroadcastMax online). */
  get presenceToContactsOnly(): boolean {
    return this.contactsOnlyPresence;
  }

  isOnline(userId: number): boolean {
    return this.byUser.has(userId);
  }

  socketCount(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** Every open connection (for the heartbeat and shutdown). */
  all(): IterableIterator<Connection> {
    return this.connections.values();
  }

  connectionsOf(userId: number): ReadonlySet<Connection> | undefined {
    return this.byUser.get(userId);
  }

  /** Registers a new socket: hello, the presence snapshot and unread counts, in that order. */
  add(conn: Connection): void {
    let sockets = this.byUser.get(conn.userId);
    const firstSocket = sockets === undefined;
    if (!sockets) this.byUser.set(conn.userId, (sockets = new Set()));
    sockets.add(conn);
    this.connections.add(conn);

    const hello = { user: conn.user, lastEventId: this.deps.events.lastId() };
    this.enqueue(conn, textFrame(envelopeJson('hello', JSON.stringify(hello))));
    if (firstSocket) this.presenceChanged(conn.userId, true);
    this.enqueue(conn, this.snapshotFrame(conn.userId));
    if (firstSocket || this.unreadStale.has(conn.userId)) this.loadUnread(conn.userId);
    this.enqueue(conn, this.unreadFrame(conn.userId));
    this.hold(conn);
  }

  /** Unregisters (idempotent). Presence goes offline with the user's last socket. */
  remove(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    conn.out = null;
    conn.held = null;
    this.connections.delete(conn);
    const sockets = this.byUser.get(conn.userId);
    if (!sockets) return;
    sockets.delete(conn);
    if (sockets.size === 0) {
      this.byUser.delete(conn.userId);
      this.unread.delete(conn.userId);
      this.unreadStale.delete(conn.userId);
      this.unreadPush.delete(conn.userId);
      this.presenceChanged(conn.userId, false);
    }
  }

  /**
   * Closes a socket with a code the client acts on, and stops queueing for it. What was
   * already queued goes out first (an error explaining the close, say), then the close frame;
   * a peer that has not completed the close after CLOSE_CUTOFF_MS is cut.
   *
   * A socket too slow to read (BACKPRESSURE) is cut at once instead (`terminate`, so the
   * client sees 1006): a close frame would wait behind the megabyte it is not reading, and
   * that megabyte would stay in memory for ws's 30 s close timeout.
   */
  disconnect(conn: Connection, code: number, reason: string): void {
    const { ws } = conn;
    if (code === WS_CLOSE.BACKPRESSURE) {
      this.remove(conn);
      ws.terminate();
      return;
    }
    if (!conn.closed) this.write(conn);
    this.remove(conn);
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      ws.close(code, reason);
      setTimeout(() => {
        if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
      }, CLOSE_CUTOFF_MS).unref();
    }
  }

  /** Queues a frame for this tick's flush. */
  enqueue(conn: Connection, frame: Buffer): void {
    if (conn.closed) return;
    const out = conn.out;
    if (out === null) {
      conn.out = frame;
      this.dirty.push(conn);
      this.requestTick();
    } else if (Buffer.isBuffer(out)) {
      conn.out = [out, frame];
    } else {
      out.push(frame);
    }
  }

  sendToUser(userId: number, frame: Buffer): void {
    const sockets = this.byUser.get(userId);
    if (sockets) for (const conn of sockets) this.enqueue(conn, frame);
  }

  /** LiveSink: committed durable events, each serialized and framed once for all recipients. */
  publish(events: readonly DurableEvent[], unreadChanged: readonly number[]): void {
    if (this.closed) return;
    for (const event of events) {
      const frame = textFrame(event.json);
      if (event.audience === null) {
        for (const conn of this.connections) this.deliverDurable(conn, frame);
      } else {
        for (const userId of event.audience) {
          const sockets = this.byUser.get(userId);
          if (sockets) for (const conn of sockets) this.deliverDurable(conn, frame);
        }
      }
    }
    this.unreadChanged(unreadChanged);
  }

  /** LiveSink: these users' counts changed; each gets one fresh `unread` this tick. */
  unreadChanged(userIds: readonly number[]): void {
    if (this.closed) return;
    for (const id of userIds) if (this.byUser.has(id)) this.unreadStale.add(id);
    if (this.unreadStale.size > 0) this.requestTick();
  }

  /** A chat message from `from` to `to` was committed: one more unread for `to`. */
  chatMessageStored(to: number, from: number): void {
    const counts = this.unread.get(to);
    if (!counts || this.closed) return;
    const key = String(from);
    counts.chats[key] = (counts.chats[key] ?? 0) + 1;
    this.unreadPush.add(to);
    this.requestTick();
  }

  /** Sends a durable frame to one socket now, respecting its hold (a retry's re-echo). */
  deliverDurable(conn: Connection, frame: Buffer): void {
    const held = conn.held;
    if (held === null) {
      conn.sentLive = true;
      this.enqueue(conn, frame);
      return;
    }
    held.push(frame);
    // A client that never resumes must not make the server hoard: let it through.
    if (held.length > this.deps.tuning.replayMaxEvents) this.release(conn);
  }

  /**
   * `resume {since}` (the socket's first message; live-server allows one per socket):
   * replays what the user missed after `since` from the event log, then goes live. Anything
   * held since the socket opened was committed before this read, so the replay already
   * contains it. `resync` instead when the gap is too old or too large, when the replay
   * would push the socket's unsent data past `maxBufferedBytes`, or when live durable events
   * already went out (a resume after the grace period): the replay would come after them,
   * out of order.
   */
  resume(conn: Connection, since: number): void {
    const { tuning, events } = this.deps;
    if (conn.held === null && conn.sentLive) {
      this.resync(conn, since, 'events already sent live');
      return;
    }
    const room = tuning.maxBufferedBytes - conn.socket.writableLength - queuedBytes(conn.out);
    const result = events.replay(conn.userId, since, {
      maxEvents: tuning.replayMaxEvents,
      // (Counted in characters there; the exact byte count is checked below.)
      maxBytes: Math.min(tuning.replayMaxBytes, room),
    });
    if (result.kind === 'resync') {
      this.resync(conn, since, result.reason);
      return;
    }
    const frames = result.events.map(textFrame);
    let bytes = 0;
    for (const frame of frames) bytes += frame.length;
    if (bytes > room) {
      this.resync(conn, since, 'send buffer');
      return;
    }
    conn.held = null;
    for (const frame of frames) this.enqueue(conn, frame);
  }

  private resync(conn: Connection, since: number, why: string): void {
    this.deps.log.debug('resume answered with resync', { userId: conn.userId, since, why });
    this.enqueue(conn, RESYNC_FRAME);
    this.release(conn);
  }

  /** Ends holding: what was held goes out in order, and live events follow. */
  release(conn: Connection): void {
    const held = conn.held;
    if (held === null) return;
    conn.held = null;
    if (held.length > 0) conn.sentLive = true;
    for (const frame of held) this.enqueue(conn, frame);
  }

  /** Sends the current presence snapshot to every socket (after contacts-only mode ends). */
  private resendSnapshots(): void {
    const frame = this.snapshotFrame(null);
    for (const conn of this.connections) this.enqueue(conn, frame);
  }

  /**
   * `presence {userId, online}` on a user's first socket up / last socket down, gathered
   * for `presenceBatchMs`: a change undone within the batch (a quick reconnect) is not sent.
   */
  private presenceChanged(userId: number, online: boolean): void {
    const pending = this.presencePending.get(userId);
    if (pending === undefined) this.presencePending.set(userId, online);
    else if (pending !== online) this.presencePending.delete(userId); // back where it was
    if (this.presenceTimer === null && !this.closed) {
      this.presenceTimer = setTimeout(() => this.flushPresence(), this.deps.tuning.presenceBatchMs);
      this.presenceTimer.unref();
    }
  }

  /**
   * Sends the batch: to everyone while at most `presenceBroadcastMax` people are online;
   * above that, each change to the user's chat contacts only, because telling N people about
   * each of N people is N² frames (10,000 arrivals would be 100 million). Dropping back to
   * 90% of the limit sends everyone a fresh snapshot, so nobody keeps stale dots.
   */
  private flushPresence(): void {
    this.presenceTimer = null;
    if (this.closed) return;
    const max = this.deps.tuning.presenceBroadcastMax;
    const count = this.byUser.size;
    if (!this.contactsOnlyPresence && count > max) {
      this.contactsOnlyPresence = true;
      this.deps.log.info('many people online: presence now goes to chat contacts only', { count });
    } else if (this.contactsOnlyPresence && count <= Math.floor(max * 0.9)) {
      this.contactsOnlyPresence = false;
      this.deps.log.info('presence goes to everyone again', { count });
      this.presencePending.clear();
      this.resendSnapshots();
      return;
    }
    for (const [userId, online] of this.presencePending) {
      const frame = textFrame(envelopeJson('presence', `{"userId":${userId},"online":${online}}`));
      if (!this.contactsOnlyPresence) {
        for (const conn of this.connections) if (conn.userId !== userId) this.enqueue(conn, frame);
      } else {
        for (const contact of this.deps.chat.contacts(userId)) this.sendToUser(contact, frame);
      }
    }
    this.presencePending.clear();
  }

  /** Everyone online, or (contacts-only mode) `userId`'s online contacts. */
  private snapshotFrame(userId: number | null): Buffer {
    const online =
      this.contactsOnlyPresence && userId !== null
        ? this.deps.chat.contacts(userId).filter((id) => this.byUser.has(id))
        : [...this.byUser.keys()];
    return textFrame(envelopeJson('presence.snapshot', `{"online":${JSON.stringify(online)}}`));
  }

  private loadUnread(userId: number): void {
    this.unread.set(userId, {
      notifications: this.deps.notifications.unreadCount(userId),
      chats: this.deps.chat.unreadChats(userId),
    });
    this.unreadStale.delete(userId);
  }

  private unreadFrame(userId: number): Buffer {
    const counts = this.unread.get(userId) ?? { notifications: 0, chats: {} };
    return textFrame(envelopeJson('unread', JSON.stringify(counts)));
  }

  /** Starts holding durable events for a new socket until `resume` or the grace period. */
  private hold(conn: Connection): void {
    conn.held = [];
    conn.holdUntil = performance.now() + this.deps.tuning.resumeGraceMs;
    this.awaiting.push(conn);
    this.armGraceTimer();
  }

  private armGraceTimer(): void {
    if (this.graceTimer !== null || this.closed) return;
    while (this.awaitingHead < this.awaiting.length) {
      const head = this.awaiting[this.awaitingHead]!;
      if (head.held !== null && !head.closed) break;
      this.awaitingHead++;
    }
    if (this.awaitingHead >= this.awaiting.length) {
      this.awaiting = [];
      this.awaitingHead = 0;
      return;
    }
    const wait = Math.max(0, this.awaiting[this.awaitingHead]!.holdUntil - performance.now());
    this.graceTimer = setTimeout(() => this.endGrace(), Math.ceil(wait));
    this.graceTimer.unref();
  }

  private endGrace(): void {
    this.graceTimer = null;
    const now = performance.now();
    while (this.awaitingHead < this.awaiting.length) {
      const conn = this.awaiting[this.awaitingHead]!;
      if (conn.held !== null && !conn.closed) {
        if (conn.holdUntil > now) break;
        this.release(conn);
      }
      this.awaitingHead++;
    }
    if (this.awaitingHead > 1024) {
      this.awaiting = this.awaiting.slice(this.awaitingHead);
      this.awaitingHead = 0;
    }
    this.armGraceTimer();
  }

  /** Schedules a tick (setImmediate) unless one is pending. */
  requestTick(): void {
    if (this.tickScheduled || this.closed) return;
    this.tickScheduled = true;
    setImmediate(() => this.tick());
  }

  /** One tick: the chat group commit, fresh unread counts, then one write per socket. */
  tick(): void {
    this.tickScheduled = false;
    if (this.closed) return;
    try {
      this.beforeFlush();
    } catch (err) {
      this.deps.log.error('live tick failed before the flush', { err });
    }
    for (const userId of this.unreadStale) {
      try {
        if (this.byUser.has(userId)) this.loadUnread(userId);
        this.unreadPush.add(userId);
      } catch (err) {
        this.deps.log.error('unread counts failed', { userId, err });
      }
    }
    this.unreadStale.clear();
    for (const userId of this.unreadPush) {
      if (this.byUser.has(userId)) this.sendToUser(userId, this.unreadFrame(userId));
    }
    this.unreadPush.clear();
    this.flush();
  }

  private flush(): void {
    const list = this.dirty;
    this.dirty = [];
    const max = this.deps.tuning.maxBufferedBytes;
    // (A socket closed meanwhile has out === null: remove() cleared it.)
    for (const conn of list) {
      if (conn.out === null || conn.closed) continue;
      if (conn.socket.writableLength > max) {
        this.tooSlow(conn);
        continue;
      }
      this.write(conn);
      // What the kernel did not take stays in writableLength: a tick that queued a lot for a
      // socket that is not reading is caught here, not a tick later.
      if (conn.socket.writableLength > max) this.tooSlow(conn);
    }
  }

  private tooSlow(conn: Connection): void {
    this.deps.log.debug('socket too slow, closing', {
      userId: conn.userId,
      buffered: conn.socket.writableLength,
    });
    this.disconnect(conn, WS_CLOSE.BACKPRESSURE, 'too slow: reconnect and resume');
  }

  /** Writes what is queued for this socket now, instead of at the end of the tick. */
  writeNow(conn: Connection): void {
    if (!conn.closed && conn.out !== null) this.write(conn);
  }

  /** Writes the socket's queued frames: one cork/uncork, so one write to the kernel. */
  private write(conn: Connection): void {
    const out = conn.out;
    conn.out = null;
    if (out === null || conn.ws.readyState !== WebSocket.OPEN) return;
    const { socket } = conn;
    if (Buffer.isBuffer(out)) {
      socket.write(out);
      return;
    }
    socket.cork();
    for (const frame of out) socket.write(frame);
    socket.uncork();
  }

  /** Stops ticking and timers; the caller closes the sockets. */
  close(): void {
    if (this.tickScheduled) this.tick();
    this.closed = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.graceTimer = null;
    this.presenceTimer = null;
  }
}
