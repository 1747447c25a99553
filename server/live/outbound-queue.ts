import { channel } from 'node:diagnostics_channel';
import WebSocket from 'ws';
import { WS_CLOSE } from '../../common/protocol';
import type { Logger } from '../logging/logger';
import type { Connection } from './connection';
import type { Transport } from './transport/transport';

/**
 * A socket closed for a policy (1008) or a session end (4401) gets this long to answer the
 * close frame; then it is cut, so a peer that ignores it cannot keep its buffers for ws's 30 s.
 */
const CLOSE_CUTOFF_MS = 2000;

export interface OutboundDeps {
  transport: Transport;
  /** A socket with more unsent data than this is cut (BACKPRESSURE). */
  maxBufferedBytes: number;
  log: Logger;
  /** Asks for a tick: the queue is written by its `flush` stage. */
  requestTick(): void;
  /** Takes a connection out of the hub (idempotent): nothing more is queued for it. */
  remove(conn: Connection): void;
}

/**
 * How many sockets one flush wrote to, published on `FLUSH_CHANNEL` only while something
 * subscribes (a bench, with tick-pipeline.ts's timings: `bench/support/rooms-host.ts`).
 */
export interface FlushCount {
  sockets: number;
}
export const FLUSH_CHANNEL = 'hearth:live.flush';
const flushChannel = channel(FLUSH_CHANNEL);

/** Bytes queued for this tick's flush. */
export function queuedBytes(out: Buffer | Buffer[] | null): number {
  if (out === null) return 0;
  if (Buffer.isBuffer(out)) return out.length;
  let n = 0;
  for (const frame of out) n += frame.length;
  return n;
}

/**
 * Frames queued per socket during a tick and written once at its end (`flush`), so a burst
 * of events costs one write per socket, not one per event. A socket whose unsent data passes
 * `maxBufferedBytes` (checked before and after each write) is cut at once: it reconnects and
 * resumes, and memory never grows without bound. How the frames reach the wire is the
 * transport's business (`transport/`).
 */
export class OutboundQueue {
  private dirty: Connection[] = [];

  constructor(private readonly deps: OutboundDeps) {}

  /** Queues a frame for this tick's flush. */
  enqueue(conn: Connection, frame: Buffer): void {
    if (conn.closed) return;
    const out = conn.out;
    if (out === null) {
      conn.out = frame;
      this.dirty.push(conn);
      this.deps.requestTick();
    } else if (Buffer.isBuffer(out)) {
      conn.out = [out, frame];
    } else {
      out.push(frame);
    }
  }

  /** The tick's last stage: one write per socket that has something queued. */
  flush(): void {
    const list = this.dirty;
    if (list.length === 0) return;
    this.dirty = [];
    const { maxBufferedBytes: max, transport } = this.deps;
    let written = 0;
    for (const conn of list) {
      // (A socket closed meanwhile has out === null: remove() cleared it.)
      const out = conn.out;
      if (out === null || conn.closed) continue;
      const socket = conn.socket;
      if (socket.writableLength > max) {
        this.tooSlow(conn);
        continue;
      }
      conn.out = null;
      if (conn.ws.readyState !== WebSocket.OPEN) continue;
      transport.write(conn.ws, socket, out);
      written++;
      // What the kernel did not take stays in writableLength: a tick that queued a lot for a
      // socket that is not reading is caught here, not a tick later.
      if (socket.writableLength > max) this.tooSlow(conn);
    }
    if (flushChannel.hasSubscribers) flushChannel.publish({ sockets: written } as FlushCount);
  }

  /** Writes what is queued for this socket now, instead of at the end of the tick. */
  writeNow(conn: Connection): void {
    if (!conn.closed && conn.out !== null) this.write(conn);
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
      this.deps.remove(conn);
      ws.terminate();
      return;
    }
    if (!conn.closed) this.write(conn);
    this.deps.remove(conn);
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      ws.close(code, reason);
      setTimeout(() => {
        if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
      }, CLOSE_CUTOFF_MS).unref();
    }
  }

  private tooSlow(conn: Connection): void {
    this.deps.log.debug('socket too slow, closing', {
      userId: conn.userId,
      buffered: conn.socket.writableLength,
    });
    this.disconnect(conn, WS_CLOSE.BACKPRESSURE, 'too slow: reconnect and resume');
  }

  private write(conn: Connection): void {
    const out = conn.out;
    conn.out = null;
    if (out === null || conn.ws.readyState !== WebSocket.OPEN) return;
    this.deps.transport.write(conn.ws, conn.socket, out);
  }
}
