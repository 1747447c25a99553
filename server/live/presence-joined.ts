import { serverFrame } from '../events/server-frame';
import type { PresenceAudience } from './presence';
import { textFrame } from './transport/transport';

/** A change waiting for the batch: the new state, and when (in `seq`) it happened. */
export interface PendingChange {
  online: boolean;
  at: number;
}

/**
 * A presence batch to everyone (`Presence.flush`): every change's frame, in order, to every
 * socket but the changed user's own, in one buffer per socket instead of one per change and
 * socket: a reconnect storm's batch of hundreds of changes costs each socket one queued
 * buffer. A socket whose own user is in the batch gets the buffer without that one frame.
 */
export function broadcastJoined(
  pending: ReadonlyMap<number, PendingChange>,
  audience: PresenceAudience,
): void {
  const frames: Buffer[] = [];
  const span = new Map<number, { from: number; to: number }>();
  let bytes = 0;
  for (const [userId, { online }] of pending) {
    const frame = textFrame(serverFrame('presence', { userId, online }));
    span.set(userId, { from: bytes, to: bytes + frame.length });
    frames.push(frame);
    bytes += frame.length;
  }
  const joined = Buffer.concat(frames, bytes);
  for (const conn of audience.all()) {
    const own = span.get(conn.userId);
    if (own === undefined) audience.enqueue(conn, joined);
    else if (bytes > own.to - own.from) {
      audience.enqueue(
        conn,
        Buffer.concat([joined.subarray(0, own.from), joined.subarray(own.to)]),
      );
    }
  }
}
