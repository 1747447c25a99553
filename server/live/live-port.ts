import { fanOutDurable, type DurableEvent } from '../events/event-log';
import type { Committed, SessionEndReason } from '../events/outbox';

/** What the rest of the server may ask of the live layer. */
export interface LiveSink {
  /** Delivers committed durable events, then pushes fresh `unread` to the given users. */
  publish(events: readonly DurableEvent[], unreadChanged: readonly number[]): void;
  isOnline(userId: number): boolean;
  /**
   * Closes that session's sockets: 4401 (WS_CLOSE.SESSION_ENDED), or 4003
   * (WS_CLOSE.SUSPENDED) when the reason is a suspension.
   */
  endSession(userId: number, sessionId: number, reason?: SessionEndReason): void;
}

/**
 * The live layer's stand-in inside the server context: services and routes are built before
 * the WebSocket hub exists (it needs the HTTP server), so they hold this port, which forwards
 * to the hub once attached and does nothing before (or after it closed). It is also the
 * publisher's listener for the live layer (`deliver`).
 */
export class LivePort {
  private hub: LiveSink | null = null;

  attach(hub: LiveSink): void {
    this.hub = hub;
  }

  detach(hub: LiveSink): void {
    if (this.hub === hub) this.hub = null;
  }

  /**
   * A committed transaction, to connected clients: its events, the unread counts it changed
   * (every `notification` recipient's, and any it names), and the sessions it ended.
   */
  deliver(c: Committed): void {
    const hub = this.hub;
    if (hub === null) return;
    const unread = new Set<number>();
    for (const e of c.events) {
      if (e.type === 'notification' && e.audience !== null)
        for (const id of e.audience) unread.add(id);
    }
    for (const id of c.unreadChanged) unread.add(id);
    let events = c.events;
    if (c.fanOut.length > 0) {
      // A category may have thousands of followers, mostly offline: frames are built for the
      // ones connected now; the others get theirs from the log when they resume or connect.
      const online = c.fanOut.filter((e) => hub.isOnline(e.userId));
      events = [...events, ...online.map(fanOutDurable)];
      for (const e of online) unread.add(e.userId);
    }
    if (events.length > 0 || unread.size > 0) hub.publish(events, [...unread]);
    for (const s of c.sessionsEnded) hub.endSession(s.userId, s.sessionId, s.reason);
  }

  isOnline(userId: number): boolean {
    return this.hub?.isOnline(userId) ?? false;
  }
}
