import type { DurableEvent } from '../events/event-log';

/** What the rest of the server may ask of the live layer. */
export interface LiveSink {
  /** Delivers committed durable events, then pushes fresh `unread` to the given users. */
  publish(events: readonly DurableEvent[], unreadChanged: readonly number[]): void;
  /** Pushes a fresh `unread` to every socket of these users (after they read something). */
  unreadChanged(userIds: readonly number[]): void;
  isOnline(userId: number): boolean;
}

/**
 * The live layer's stand-in inside the server context: services and routes are built before
 * the WebSocket hub exists (it needs the HTTP server), so they hold this port, which forwards
 * to the hub once attached and does nothing before (or after it closed).
 */
export class LivePort implements LiveSink {
  private hub: LiveSink | null = null;

  attach(hub: LiveSink): void {
    this.hub = hub;
  }

  detach(hub: LiveSink): void {
    if (this.hub === hub) this.hub = null;
  }

  publish(events: readonly DurableEvent[], unreadChanged: readonly number[]): void {
    this.hub?.publish(events, unreadChanged);
  }

  unreadChanged(userIds: readonly number[]): void {
    this.hub?.unreadChanged(userIds);
  }

  isOnline(userId: number): boolean {
    return this.hub?.isOnline(userId) ?? false;
  }
}
