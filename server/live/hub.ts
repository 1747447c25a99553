import type { LiveTuning } from '../config/server-config';
import type { DurableEvent, EventLog } from '../events/event-log';
import type { Logger } from '../logging/logger';
import type { ChatService } from '../services/chat.service';
import type { NotificationsService } from '../services/notifications.service';
import type { UnreadStore } from '../store/unread.store';
import type { Connection } from './connection';
import { greetAll, type Arrival } from './greeting';
import type { LiveSink } from './live-port';
import { OutboundQueue } from './outbound-queue';
import { Presence, type PresenceAudience } from './presence';
import { ResumeGate } from './resume-gate';
import type { TickPipeline } from './tick-pipeline';
import { textFrame, type Transport } from './transport/transport';
import { UnreadTracker } from './unread';

export interface HubDeps {
  events: EventLog;
  chat: ChatService;
  notifications: NotificationsService;
  /** Unread counts of many users at once (the sockets greeted in one tick). */
  unreadMany: Pick<UnreadStore, 'counts'>;
  /** Many users' chat contacts at once (the sockets greeted in one tick). */
  contactsMany?: (userIds: readonly number[]) => Map<number, number[]>;
  tuning: LiveTuning;
  log: Logger;
  transport: Transport;
  ticks: TickPipeline;
}

/**
 * Who is connected, and the one door to everything sent to them.
 *
 * `Map<userId, Set<Connection>>`: one user may have many sockets (windows, devices);
 * presence changes only on a user's first socket up and last socket down. The work is done
 * by one module each: `outbound-queue.ts` (frames queued per socket, one write per tick,
 * backpressure), `presence.ts`, `unread.ts` (counts of online users), `resume-gate.ts`
 * (durable events held until `resume`). Nothing here writes before the tick's flush
 * (`tick-pipeline.ts`) except `writeNow` and `disconnect`. (LiveSink's `endSession` is the
 * socket lifecycle's: `live-server.ts` attaches both behind one LiveSink.)
 */
export class Hub implements Omit<LiveSink, 'endSession'>, PresenceAudience {
  private readonly byUser = new Map<number, Set<Connection>>();
  private readonly connections = new Set<Connection>();
  private readonly outbound: OutboundQueue;
  private readonly presence: Presence;
  private readonly unread: UnreadTracker;
  private readonly gate: ResumeGate;
  /** Sockets added since the last tick, greeted by its `greet` stage (with hello's eventId). */
  private greeting: Arrival[] = [];
  private closed = false;

  constructor(private readonly deps: HubDeps) {
    const { tuning, log, ticks } = deps;
    const requestTick = (): void => ticks.request();
    this.outbound = new OutboundQueue({
      transport: deps.transport,
      maxBufferedBytes: tuning.maxBufferedBytes,
      log,
      requestTick,
      remove: (conn) => this.remove(conn),
    });
    const enqueue = (conn: Connection, frame: Buffer): void => this.outbound.enqueue(conn, frame);
    this.presence = new Presence({
      chat: deps.chat,
      tuning,
      log,
      audience: this,
      joinFrames: !deps.transport.plain,
      ...(deps.contactsMany ? { contactsMany: deps.contactsMany } : {}),
    });
    this.unread = new UnreadTracker({
      notifications: deps.notifications,
      many: deps.unreadMany,
      log,
      isOnline: (userId) => this.byUser.has(userId),
      sendToUser: (userId, frame) => this.sendToUser(userId, frame),
      requestTick,
    });
    this.gate = new ResumeGate({ events: deps.events, tuning, log, enqueue });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get onlineCount(): number {
    return this.byUser.size;
  }

  /** True while presence goes to chat contacts only (more than presenceBroadcastMax online). */
  get presenceToContactsOnly(): boolean {
    return this.presence.toContactsOnly;
  }

  isOnline(userId: number): boolean {
    return this.byUser.has(userId);
  }

  socketCount(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** The users with at least one socket. */
  onlineUsers(): IterableIterator<number> {
    return this.byUser.keys();
  }

  /** Every open connection (for the heartbeat and shutdown). */
  all(): IterableIterator<Connection> {
    return this.connections.values();
  }

  connectionsOf(userId: number): ReadonlySet<Connection> | undefined {
    return this.byUser.get(userId);
  }

  /**
   * Registers a new socket: from now on it is online and its durable events are held (from
   * the eventId its `hello` will name). The greeting itself (hello, the presence snapshot and
   * unread counts, in that order) is written by the tick's `greet` stage, with the 101 answer
   * still held back (`transport.holdHandshake`) so both leave in one write.
   */
  add(conn: Connection): void {
    let sockets = this.byUser.get(conn.userId);
    const firstSocket = sockets === undefined;
    if (!sockets) this.byUser.set(conn.userId, (sockets = new Set()));
    sockets.add(conn);
    this.connections.add(conn);

    const lastEventId = this.deps.events.lastId();
    if (firstSocket) this.presence.changed(conn.userId, true);
    this.gate.hold(conn, lastEventId);
    this.greeting.push({ conn, lastEventId });
    this.deps.ticks.request();
  }

  /** Tick stage (the first): greets the sockets added since the last tick (greeting.ts). */
  greet(): void {
    const list = this.greeting;
    if (list.length === 0) return;
    this.greeting = [];
    const { log, transport } = this.deps;
    const { unread, presence, outbound } = this;
    greetAll(list, { unread, presence, outbound, transport, log });
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
      this.unread.forget(conn.userId);
      this.presence.changed(conn.userId, false);
    }
  }

  /** Closes a socket with a code the client acts on (see OutboundQueue.disconnect). */
  disconnect(conn: Connection, code: number, reason: string): void {
    this.outbound.disconnect(conn, code, reason);
  }

  /** Queues a frame for this tick's flush. */
  enqueue(conn: Connection, frame: Buffer): void {
    this.outbound.enqueue(conn, frame);
  }

  sendToUser(userId: number, frame: Buffer): void {
    const sockets = this.byUser.get(userId);
    if (sockets) for (const conn of sockets) this.outbound.enqueue(conn, frame);
  }

  /** LiveSink: committed durable events, each framed once for all its recipients. */
  publish(events: readonly DurableEvent[], unreadChanged: readonly number[]): void {
    if (this.closed) return;
    for (const event of events) {
      const frame = textFrame(event.json);
      if (event.audience === null) {
        for (const conn of this.connections) this.gate.deliverDurable(conn, frame);
      } else {
        for (const userId of event.audience) {
          const sockets = this.byUser.get(userId);
          if (sockets) for (const conn of sockets) this.gate.deliverDurable(conn, frame);
        }
      }
    }
    this.unreadChanged(unreadChanged);
  }

  /** LiveSink: these users' counts changed; each gets one fresh `unread` this tick. */
  unreadChanged(userIds: readonly number[]): void {
    if (!this.closed) this.unread.changed(userIds);
  }

  /** A chat message from `from` to `to` was committed: one more unread for `to`. */
  chatMessageStored(to: number, from: number): void {
    if (!this.closed) this.unread.messageStored(to, from);
  }

  /** (rooms) A group or room message was committed: one more unread for its other members. */
  conversationMessageStored(
    conversationId: number,
    members: readonly number[],
    from: number,
  ): void {
    if (!this.closed) this.unread.conversationMessageStored(conversationId, members, from);
  }

  /** Sends a durable frame to one socket now, respecting its hold (a retry's re-echo). */
  deliverDurable(conn: Connection, frame: Buffer): void {
    this.gate.deliverDurable(conn, frame);
  }

  /** `resume {since}`: replay, or `resync` (ResumeGate.resume). */
  resume(conn: Connection, since: number): void {
    this.gate.resume(conn, since);
  }

  /** Ends holding: what was held goes out in order, and live events follow. */
  release(conn: Connection): void {
    this.gate.release(conn);
  }

  /** Schedules a tick (setImmediate) unless one is pending. */
  requestTick(): void {
    this.deps.ticks.request();
  }

  /** Tick stage: fresh unread counts for the users whose counts changed. */
  pushUnread(): void {
    this.unread.push();
  }

  /** Tick stage (the last): one write per socket with something queued. */
  flush(): void {
    this.outbound.flush();
  }

  /** Writes what is queued for this socket now, instead of at the end of the tick. */
  writeNow(conn: Connection): void {
    this.outbound.writeNow(conn);
  }

  /** Stops the timers and refuses new work; the caller closes the tick pipeline and sockets. */
  close(): void {
    this.closed = true;
    this.unread.close();
    this.gate.close();
    this.presence.close();
  }
}
