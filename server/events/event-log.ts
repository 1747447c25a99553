import type { Notification } from '../../common/api';
import type { EventsStore } from '../store/events.store';
import type { WriteTx } from '../store/write-tx';
import { envelopeJson, type DurableServerEventType, type PayloadOf } from './server-frame';

/** The server events that carry an `eventId` and can be replayed after a reconnect. */
type DurableEventType = DurableServerEventType;

/** (rooms) The members of a conversation, at the time the event is written. */
export interface ConversationAudience {
  readonly conversationId: number;
}

/** Who an event is for: every user (null), one or two users, or a conversation's members. */
export type EventAudience = readonly number[] | null | ConversationAudience;

/** What the log asks about a conversation to resolve its audience (inside the transaction). */
export interface ConversationMembers {
  get(id: number): { kind: string; user_lo: number | null; user_hi: number | null } | undefined;
  members(id: number): readonly number[];
  /**
   * Remembered answers (store/conversation-audience.ts), used when present: `target` for
   * `get`'s kind and pair (they never change), `audience` for the members now as `tx` sees
   * them, without reading a room's members for every message.
   */
  target?(id: number): { kind: string; user_lo: number | null; user_hi: number | null } | undefined;
  audience?(tx: WriteTx, id: number): readonly number[];
}

/** One committed entry of the log, ready to deliver. */
export interface DurableEvent {
  id: number;
  type: DurableEventType;
  /** The whole envelope `{"type","eventId","payload"}`, serialized once for every recipient. */
  json: string;
  /**
   * The users who may see it; null for every user. A conversation audience is resolved when
   * the event is written, so live delivery follows the membership of that moment.
   */
  audience: readonly number[] | null;
  /** (rooms) The group or room it belongs to. */
  conversationId?: number;
}

const isConversation = (a: EventAudience): a is ConversationAudience =>
  a !== null && !Array.isArray(a);

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
 * The durable event log (SQLite table `events`). Writers `append` in the transaction that
 * stores the data an event describes (the `WriteTx` argument proves it), so an event exists
 * exactly when its data does; eventIds are the table's ids, allocated here, increasing in
 * commit order. A reconnecting client's `resume {since}` is answered from here (`replay`).
 */
export class EventLog {
  /**
   * The newest id as last read outside a transaction, until the next append: a reconnect
   * storm's thousands of `hello`s (and resumes) then cost no query each. Every write to the
   * log goes through this class, and only the oldest rows are ever pruned (the newest always
   * stays), so nothing else moves it. Reads inside a transaction are not kept: its appends
   * may still roll back.
   */
  private lastIdMemo: number | null = null;
  private ceiling: number | null = null;

  constructor(
    private readonly store: EventsStore,
    private readonly clock: () => number,
    /** (rooms) Resolves conversation audiences; without it only user audiences work. */
    private readonly conversations?: ConversationMembers,
  ) {}

  /**
   * Stores one event, typed by `common/protocol.ts` (a payload of the wrong shape for `type`
   * fails `npm run check`), serializing the payload once for the row and the envelope.
   */
  append<T extends DurableEventType>(
    tx: WriteTx,
    type: T,
    payload: PayloadOf<T>,
    target: EventAudience,
  ): DurableEvent {
    if (isConversation(target)) return this.appendToConversation(tx, type, payload, target);
    const audience = target;
    if (audience !== null && (audience.length === 0 || audience.length > 2)) {
      throw new Error(
        `an event goes to everyone (null) or to one or two users, not ${audience.length}`,
      );
    }
    const payloadJson = JSON.stringify(payload);
    this.lastIdMemo = null;
    const eventId = this.store.append(tx, {
      type,
      payload: payloadJson,
      recipientA: audience?.[0] ?? null,
      recipientB: audience?.[1] ?? null,
      conversationId: null,
      createdMs: this.clock(),
    });
    return { id: eventId, type, json: envelopeJson(type, payloadJson, eventId), audience };
  }

  /**
   * A private conversation's event is stored for its two people (as before rooms); a group's
   * or room's names the conversation, and its members now get it live (the spans decide
   * replay).
   */
  private appendToConversation<T extends DurableEventType>(
    tx: WriteTx,
    type: T,
    payload: PayloadOf<T>,
    target: ConversationAudience,
  ): DurableEvent {
    const members = this.conversations;
    const c = members?.target
      ? members.target(target.conversationId)
      : members?.get(target.conversationId);
    if (!c) throw new Error(`no conversation ${target.conversationId} for a ${type} event`);
    if (c.kind === 'direct' && c.user_lo !== null && c.user_hi !== null) {
      const pair = c.user_lo === c.user_hi ? [c.user_lo] : [c.user_lo, c.user_hi];
      return this.append(tx, type, payload, pair);
    }
    const payloadJson = JSON.stringify(payload);
    this.lastIdMemo = null;
    const eventId = this.store.append(tx, {
      type,
      payload: payloadJson,
      recipientA: null,
      recipientB: null,
      conversationId: target.conversationId,
      createdMs: this.clock(),
    });
    return {
      id: eventId,
      type,
      json: envelopeJson(type, payloadJson, eventId),
      audience: members!.audience
        ? members!.audience(tx, target.conversationId)
        : members!.members(target.conversationId),
      conversationId: target.conversationId,
    };
  }

  /**
   * The id the next `append` in `tx` gets, for a row that must name its event before the
   * event exists (a chat message, whose event carries the message's id). Exact once `tx`
   * has written anything (or was begun IMMEDIATE): from then on no other connection can
   * write, and rows are only ever pruned from the old end, so the next rowid is max + 1.
   */
  nextId(_tx: WriteTx): number {
    // The memo is the newest committed id, and nothing was appended since (an append clears
    // it): with the write lock held, the next rowid follows it.
    return (this.lastIdMemo ?? this.store.lastId() ?? 0) + 1;
  }

  /**
   * A transaction committed, its newest event being `eventId` (0: it wrote none): that is
   * now the log's newest id, since only this class writes the log and the writer held the
   * lock. The next `hello` and the next batch's `nextId` then need no query.
   */
  committedUpTo(eventId: number): void {
    if (eventId > (this.lastIdMemo ?? 0)) this.lastIdMemo = eventId;
  }

  /**
   * Events above `id` are committed but not yet fsynced (the chat group commit's batch in
   * flight): until `release`, `lastId` (hello) and `replay` stop at `id`, so nothing is told
   * or replayed before it is durable.
   */
  holdAbove(id: number | null): void {
    this.ceiling = id;
  }

  /**
   * In the transaction that just wrote notifications with ids above `afterNotificationId`
   * in bulk, all alike but for id and user (a new post's followers): one `notification`
   * event each, addressed to that user, in a single INSERT … SELECT, however many there
   * are. Each user gets one of them, so their order among themselves does not matter.
   */
  appendNotificationFanOut(
    tx: WriteTx,
    afterNotificationId: number,
    shared: Omit<Notification, 'id'>,
  ): FanOutEvent[] {
    // JSON.stringify of { id, ...shared } without its `{"id":N,` head, so the stored payload
    // is byte for byte what JSON.stringify(notification) gives for the one-by-one path.
    const sharedJsonTail = JSON.stringify(shared).slice(1);
    this.lastIdMemo = null;
    return this.store
      .appendNotifications(tx, {
        afterId: afterNotificationId,
        sharedJsonTail,
        createdMs: this.clock(),
      })
      .map(([id, userId, payload]) => ({ id, userId, payload }));
  }

  /** The newest eventId (0 for an empty log): where a new client starts. */
  lastId(): number {
    if (this.ceiling !== null) return this.ceiling;
    if (this.lastIdMemo !== null) return this.lastIdMemo;
    const id = this.store.lastId() ?? 0;
    if (!this.store.inTransaction()) this.lastIdMemo = id;
    return id;
  }

  /**
   * What `userId` missed after `since`, oldest first; or `resync` when that cannot be
   * answered exactly: events were pruned, `since` is ahead of this log (another database),
   * or the gap is larger than the limits.
   */
  replay(userId: number, since: number, limits: ReplayLimits): ReplayResult {
    const last = this.lastId();
    if (since > last) return { kind: 'resync', reason: 'ahead' };
    // Nothing newer: the usual case for a client resuming right after hello.
    if (since === last) return { kind: 'events', events: [] };
    // Ids are consecutive and only the oldest rows are ever pruned, so anything below
    // `first` is gone: the client must have seen everything up to first - 1.
    const first = this.store.firstId();
    if (first !== null && since < first - 1) return { kind: 'resync', reason: 'pruned' };
    // Newest last: rows above `last` (not yet durable) can only be the tail.
    const rows = this.store
      .replay(userId, since, limits.maxEvents + 1)
      .filter(([id]) => id <= last);
    if (rows.length > limits.maxEvents) return { kind: 'resync', reason: 'too-many' };
    const events: string[] = [];
    let bytes = 0;
    for (const [id, type, payload] of rows) {
      // Rows were written by `append`, so their type is a durable event type.
      const json = envelopeJson(type as DurableEventType, payload, id);
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
