import { performance } from 'node:perf_hooks';
import { serverFrame } from '../events/server-frame';
import type { Connection } from './connection';
import type { Hub } from './hub';
import { textFrame } from './transport/transport';

interface Typing {
  from: number;
  nickname: string;
  /** The other person; 0 in a group or room. */
  to: number;
  /** (rooms) The group or room; null for a private conversation. */
  conversationId: number | null;
  /** The socket that last announced it: its closing ends the indicator. */
  conn: Connection;
  expiresAt: number;
}

/**
 * Typing indicators, relayed only to the other party (all their sockets) with the typer's
 * nickname. Every `typing.start` is relayed (the client refreshes while typing, which keeps
 * the other side's indicator alive); the server itself sends `active:false` when a refresh
 * does not come within the timeout, when the typer's message is sent, and when the socket
 * that announced it closes. One shared timer sweeps, and only while someone is typing.
 */
export class TypingTracker {
  private readonly active = new Map<string, Typing>();
  private timer: NodeJS.Timeout | null = null;
  private readonly sweepEveryMs: number;

  constructor(
    private readonly hub: Pick<Hub, 'sendToUser'>,
    private readonly timeoutMs: number,
    /** (rooms) A group's or room's members now (a removed member stops hearing at once). */
    private readonly membersOf: (conversationId: number) => readonly number[] = () => [],
  ) {
    this.sweepEveryMs = Math.max(10, Math.min(500, Math.floor(timeoutMs / 10)));
  }

  get size(): number {
    return this.active.size;
  }

  start(conn: Connection, to: number): void {
    const key = `${conn.userId}>${to}`;
    const expiresAt = performance.now() + this.timeoutMs;
    const entry = this.active.get(key);
    if (entry) {
      entry.expiresAt = expiresAt;
      entry.conn = conn;
    } else {
      this.active.set(key, {
        from: conn.userId,
        nickname: conn.user.nickname,
        to,
        conversationId: null,
        conn,
        expiresAt,
      });
    }
    (conn.typingTo ??= new Set()).add(to);
    this.relay(conn.userId, conn.user.nickname, to, true);
    this.arm();
  }

  /** Ends `from`'s indicator at `to` (typing.stop, or the message was sent); no-op if none. */
  stop(from: number, to: number): void {
    const key = `${from}>${to}`;
    const entry = this.active.get(key);
    if (!entry) return;
    this.active.delete(key);
    entry.conn.typingTo?.delete(to);
    this.relay(from, entry.nickname, to, false);
  }

  /** (rooms) Typing in a group or room: relayed to its other members with the name. */
  startIn(conn: Connection, conversationId: number): void {
    const key = `${conn.userId}@${conversationId}`;
    const expiresAt = performance.now() + this.timeoutMs;
    const entry = this.active.get(key);
    if (entry) {
      entry.expiresAt = expiresAt;
      entry.conn = conn;
    } else {
      this.active.set(key, {
        from: conn.userId,
        nickname: conn.user.nickname,
        to: 0,
        conversationId,
        conn,
        expiresAt,
      });
    }
    (conn.typingIn ??= new Set()).add(conversationId);
    this.relayIn(conn.userId, conn.user.nickname, conversationId, true);
    this.arm();
  }

  /** (rooms) Ends `from`'s indicator in a group or room; no-op if none. */
  stopIn(from: number, conversationId: number): void {
    const key = `${from}@${conversationId}`;
    const entry = this.active.get(key);
    if (!entry) return;
    this.active.delete(key);
    entry.conn.typingIn?.delete(conversationId);
    this.relayIn(from, entry.nickname, conversationId, false);
  }

  /** The socket closed: end what it announced (another socket's newer announcement stays). */
  connectionClosed(conn: Connection): void {
    const targets = conn.typingTo;
    conn.typingTo = null;
    for (const to of targets ?? []) {
      if (this.active.get(`${conn.userId}>${to}`)?.conn === conn) this.stop(conn.userId, to);
    }
    const rooms = conn.typingIn;
    conn.typingIn = null;
    for (const id of rooms ?? []) {
      if (this.active.get(`${conn.userId}@${id}`)?.conn === conn) this.stopIn(conn.userId, id);
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private relay(from: number, nickname: string, to: number, active: boolean): void {
    this.hub.sendToUser(to, textFrame(serverFrame('typing', { from, nickname, active })));
  }

  private relayIn(from: number, nickname: string, conversationId: number, active: boolean): void {
    const frame = textFrame(serverFrame('typing', { from, nickname, active, conversationId }));
    for (const userId of this.membersOf(conversationId)) {
      if (userId !== from) this.hub.sendToUser(userId, frame);
    }
  }

  private arm(): void {
    if (this.timer !== null || this.active.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = performance.now();
      for (const entry of [...this.active.values()]) {
        if (entry.expiresAt > now) continue;
        if (entry.conversationId === null) this.stop(entry.from, entry.to);
        else this.stopIn(entry.from, entry.conversationId);
      }
      this.arm();
    }, this.sweepEveryMs);
    this.timer.unref();
  }
}
