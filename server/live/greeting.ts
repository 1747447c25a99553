import { serverFrame } from '../events/server-frame';
import type { Logger } from '../logging/logger';
import type { Connection } from './connection';
import type { OutboundQueue } from './outbound-queue';
import type { Presence } from './presence';
import { textFrame, type Transport } from './transport/transport';
import type { UnreadTracker } from './unread';

/** A socket added to the hub, to be greeted at the next tick (with its hello's eventId). */
export interface Arrival {
  conn: Connection;
  lastEventId: number;
}

export interface GreetingDeps {
  unread: UnreadTracker;
  presence: Presence;
  outbound: OutboundQueue;
  transport: Transport;
  log: Logger;
}

/**
 * Greets the sockets added since the last tick (the hub's first tick stage): hello, the
 * presence snapshot and unread counts, in that order, then anything queued for the socket
 * before its greeting (another user's typing). A reconnect storm brings many per tick (the
 * handshakes are admitted in batches, `handshake-batch.ts`): their unread counts come from
 * one query for all of them (`UnreadTracker.loadMany`), their contacts too while presence
 * goes to contacts only (`Presence.preloadContacts`), and while presence goes to everyone
 * they share one snapshot frame. Each socket's handshake is then released: the 101 and the
 * greeting leave in one write.
 */
export function greetAll(list: readonly Arrival[], deps: GreetingDeps): void {
  const { unread, presence, outbound, transport, log } = deps;
  const users = new Set<number>();
  for (const { conn } of list) if (!conn.closed) users.add(conn.userId);
  const toLoad = [...users].filter((id) => !unread.isCurrent(id));
  try {
    unread.loadMany(toLoad);
  } catch (err) {
    // Greeted with zeros for now; the next tick's `unread` stage loads them again.
    log.error('unread counts failed while greeting', { count: toLoad.length, err });
    unread.changed(toLoad);
  }
  try {
    presence.preloadContacts(users);
  } catch (err) {
    // Each snapshot then asks for its own user's contacts (and fails alone if it must).
    log.error('contacts failed while greeting', { count: users.size, err });
  }
  for (const { conn, lastEventId } of list) {
    if (!conn.closed) {
      const early = conn.out;
      conn.out = null;
      const hello = { user: conn.user, lastEventId };
      outbound.enqueue(conn, textFrame(serverFrame('hello', hello)));
      outbound.enqueue(conn, presence.snapshotFor(conn));
      outbound.enqueue(conn, unread.frame(conn.userId));
      if (Buffer.isBuffer(early)) outbound.enqueue(conn, early);
      else if (early !== null) for (const frame of early) outbound.enqueue(conn, frame);
      outbound.writeNow(conn);
    }
    transport.releaseHandshake(conn.socket);
  }
}
