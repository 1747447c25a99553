import { performance } from 'node:perf_hooks';
import type { LiveTuning } from '../config/server-config';
import type { EventLog } from '../events/event-log';
import { serverFrame } from '../events/server-frame';
import type { Logger } from '../logging/logger';
import type { Connection } from './connection';
import { queuedBytes } from './outbound-queue';
import { textFrame } from './transport/transport';

const RESYNC_FRAME = textFrame(serverFrame('resync', {}));

export interface ResumeGateDeps {
  events: Pick<EventLog, 'replay'>;
  tuning: Pick<
    LiveTuning,
    'resumeGraceMs' | 'replayMaxEvents' | 'replayMaxBytes' | 'maxBufferedBytes'
  >;
  log: Logger;
  enqueue(conn: Connection, frame: Buffer): void;
}

/**
 * Durable events reach a new socket only after its `resume` (or the grace period), so
 * eventIds arrive in order on every socket: held frames wait in `conn.held` until then. One
 * shared timer ends the grace periods, in connection order (so in deadline order).
 */
export class ResumeGate {
  /** Sockets waiting for `resume`, in connection order. */
  private awaiting: Connection[] = [];
  private awaitingHead = 0;
  private graceTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly deps: ResumeGateDeps) {}

  /**
   * Starts holding durable events for a new socket until `resume` or the grace period;
   * `lastEventId` is what its `hello` said (every event after it reaches the hold).
   */
  hold(conn: Connection, lastEventId: number): void {
    conn.helloEventId = lastEventId;
    conn.held = [];
    conn.holdUntil = performance.now() + this.deps.tuning.resumeGraceMs;
    this.awaiting.push(conn);
    this.armGraceTimer();
  }

  /** Sends a durable frame to one socket now, or holds it until the socket resumes. */
  deliverDurable(conn: Connection, frame: Buffer): void {
    const held = conn.held;
    if (held === null) {
      conn.sentLive = true;
      this.deps.enqueue(conn, frame);
      return;
    }
    held.push(frame);
    // A client that never resumes must not make the server hoard: let it through.
    if (held.length > this.deps.tuning.replayMaxEvents) this.release(conn);
  }

  /**
   * `resume {since}` (the socket's first message; the dispatcher allows one per socket):
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
    if (conn.held !== null && since === conn.helloEventId) {
      // Resuming from hello's own baseline (a reconnect storm is made of these): everything
      // for this user committed since hello is in the hold, in order. No query needed.
      this.release(conn);
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
    for (const frame of frames) this.deps.enqueue(conn, frame);
  }

  /** Ends holding: what was held goes out in order, and live events follow. */
  release(conn: Connection): void {
    const held = conn.held;
    if (held === null) return;
    conn.held = null;
    if (held.length > 0) conn.sentLive = true;
    for (const frame of held) this.deps.enqueue(conn, frame);
  }

  close(): void {
    this.closed = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  private resync(conn: Connection, since: number, why: string): void {
    this.deps.log.debug('resume answered with resync', { userId: conn.userId, since, why });
    this.deps.enqueue(conn, RESYNC_FRAME);
    this.release(conn);
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
}
