import type { Notification } from '../../common/api';
import type { ServerEventType } from '../../common/protocol';
import type { EventsStore } from '../store/events.store';

/** The server events that carry an `eventId` and can be replayed after a reconnect. */
export type DurableEventType = Extract<
  ServerEventType,
  'chat.message' | 'notification' | 'post.created' | 'comment.created' | 'user.joined'
>;

/** One committed entry of the log, ready to deliver. */
export interface DurableEvent {
  id: number;
  type: DurableEventType;
  /** The whole envelope `{"type","eventId","payload"}`, serialized once for every recipient. */
  json: string;
  /** The users who may see it; null for every user. */
  audience: readonly number[] | null;
}

/** The envelope as sent on the socket; the payload is already JSON. */
export function envelopeJson(type: string, payloadJson: string, eventId?: number): string {
  return eventId === undefined
    ? `{"type":"${type}","payload":${payloadJson}}`
    : `{"type":"${type}","eventId":${eventId},"payload":${payloadJson}}`;
}

/** A `notification` event written by a fan-out, for one user. */
export interface FanOutEvent {
  id: number;
  userId: number;
  /** The notification's JSON. */
  payload: string;
}

/** A fan-out event as the hub delivers it (built only for users who are online). */
export function fanOutDurable(e: FanOutEvent): DurableEvent {
  return {
    id: e.id,
    type: 'notification',
    json: envelopeJson('notification', e.payload, e.id),
    audience: [e.userId],
  };
}

export type ReplayResult =
  | { kind: 'events'; events: string[] }
  | { kind: 'resync'; reason: 'pruned' | 'ahead' | 'too-many' };

export interface ReplayLimits {
  maxEvents: number;
  maxBytes: number;
}

/**
 * The durable event log (SQLite table `events`). Writers `append` inside the transaction
 * that stores the data an event describes, so an event exists exactly when its data does;
 * eventIds are the table's ids, increasing in commit order. A reconnecting client's
 * `resume {since}` is answered from here (`replay`).
 */
export class EventLog {
  constructor(
    private readonly store: EventsStore,
    private readonly clock: () => number,
  ) {}

  /**
   * Call inside the writing transaction. `id` may be given when the caller allocated it
   * (from `lastId()` inside an IMMEDIATE transaction, so nobody else can take it).
   */
  append(
    type: DurableEventType,
    payload: unknown,
    audience: readonly number[] | null,
    id: number | null = null,
  ): DurableEvent {
    if (audience !== null && (audience.length === 0 || audience.length > 2)) {
      throw new Error(
        `an event goes to everyone (null) or to one or two users, not ${audience.length}`,
      );
    }
    const payloadJson = JSON.stringify(payload);
    const eventId = this.store.append({
      id,
      type,
      payload: payloadJson,
      recipientA: audience?.[0] ?? null,
      recipientB: audience?.[1] ?? null,
      createdMs: this.clock(),
    });
    return { id: eventId, type, json: envelopeJson(type, payloadJson, eventId), audience };
  }

  /**
   * Call inside the writing transaction, right after notifications with ids above
   * `afterNotificationId` were written in bulk with the same fields but id and user (a new
   * post's followers): one `notification` event each, addressed to that user, in a single
   * INSERT … SELECT, however many there are. Returns them for delivery after the commit.
   * Each user gets one of them, so their order among themselves does not matter.
   */
  appendNotificationFanOut(
    afterNotificationId: number,
    shared: Omit<Notification, 'id'>,
  ): FanOutEvent[] {
    // JSON.stringify of { id, ...shared } without its `{"id":N,` head, so the stored payload
    // is byte for byte what JSON.stringify(notification) gives for the one-by-one path.
    const sharedJsonTail = JSON.stringify(shared).slice(1);
    return this.store
      .appendNotifications({
        afterId: afterNotificationId,
        sharedJsonTail,
        createdMs: this.clock(),
      })
      .map(([id, userId, payload]) => ({ id, userId, payload }));
  }

  /** The newest eventId (0 for an empty log): where a new client starts. */
  lastId(): number {
    return this.store.lastId() ?? 0;
  }

  /**
   * What `userId` missed after `since`, oldest first; or `resync` when that cannot be
   * answered exactly: events were pruned, `since` is ahead of this log (another database),
   * or the gap is larger than the limits.
   */
  replay(userId: number, since: number, limits: ReplayLimits): ReplayResult {
    const last = this.store.lastId() ?? 0;
    if (since > last) return { kind: 'resync', reason: 'ahead' };
    // Nothing newer: the usual case for a client resuming right after hello.
    if (since === last) return { kind: 'events', events: [] };
    // Ids are consecutive and only the oldest rows are ever pruned, so anything below
    // `first` is gone: the client must have seen everything up to first - 1.
    const first = this.store.firstId();
    if (first !== null && since < first - 1) return { kind: 'resync', reason: 'pruned' };
    const rows = this.store.replay(userId, since, limits.maxEvents + 1);
    if (rows.length > limits.maxEvents) return { kind: 'resync', reason: 'too-many' };
    const events: string[] = [];
    let bytes = 0;
    for (const [id, type, payload] of rows) {
      const json = envelopeJson(type, payload, id);
      bytes += json.length;
      if (bytes > limits.maxBytes) return { kind: 'resync', reason: 'too-many' };
      events.push(json);
    }
    return { kind: 'events', events };
  }

  /** Deletes a batch of expired rows; returns how many (call again while it returns a full batch). */
  prune(options: { retentionMs: number; maxRows: number; batch: number }): number {
    return this.store.prune({
      cutoffMs: this.clock() - options.retentionMs,
      maxRows: options.maxRows,
      batch: options.batch,
    });
  }
}
