/**
 * (rooms) UnreadTracker's room counts: a group or room message only joins a batch (no work
 * per member on the send path); every ROOM_UNREAD_EVERY_MS the batch is counted into the
 * online members' counts exactly as if each message had been counted when it was stored:
 * not for its sender, not for someone who joined after it, not twice for someone whose counts
 * were loaded (from the database, which already had it) while the batch filled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnreadCounts } from '../../common/api';
import { createLogger } from '../logging/logger';
import type { UnreadRow } from '../store/unread.store';
import { payloadOf } from './transport/transport';
import { UnreadTracker } from './unread';

const ROOM = 7;

function tracker() {
  /** What the database would answer for each user's room unread count. */
  const stored = new Map<number, number>();
  const loads: number[] = [];
  const online = new Set<number>();
  const sent = new Map<number, UnreadCounts>();
  const t = new UnreadTracker({
    many: {
      counts: (userIds: readonly number[]) =>
        userIds.flatMap((userId) => {
          loads.push(userId);
          const n = stored.get(userId) ?? 0;
          const notifications: UnreadRow = {
            me: userId,
            id: 0,
            kind: 'notifications',
            user_lo: null,
            user_hi: null,
            n: 0,
          };
          const room: UnreadRow = {
            me: userId,
            id: ROOM,
            kind: 'room',
            user_lo: null,
            user_hi: null,
            n,
          };
          return n > 0 ? [notifications, room] : [notifications];
        }),
    },
    notifications: { unreadCount: () => 0, unreadGroupCount: () => 0 },
    log: createLogger('ws', { level: 'error', sink: () => undefined }),
    isOnline: (userId) => online.has(userId),
    sendToUser: (userId, frame) => {
      const e = JSON.parse(payloadOf(frame).toString()) as { payload: UnreadCounts };
      sent.set(userId, e.payload);
    },
    requestTick: () => undefined,
  });
  const connect = (userId: number): void => {
    online.add(userId);
    t.loadMany([userId]);
  };
  /** Stores a message (in the "database" for every member but its sender) and tells `t`. */
  const store = (members: readonly number[], from: number): void => {
    for (const m of members) if (m !== from) stored.set(m, (stored.get(m) ?? 0) + 1);
    t.conversationMessageStored(ROOM, members, from);
  };
  /** The room push: the batch timer fires, then the tick's push stage. */
  const push = (): Map<number, number | undefined> => {
    vi.advanceTimersByTime(250);
    sent.clear();
    t.push();
    return new Map([...sent].map(([u, c]) => [u, c.conversations?.[String(ROOM)]]));
  };
  return { t, stored, loads, connect, store, push };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('UnreadTracker room batches', () => {
  it('counts a batch for every online member but the sender, once, at the push', () => {
    const { connect, store, push, stored } = tracker();
    const members = Object.freeze([1, 2, 3, 4]);
    for (const u of [1, 2, 3]) connect(u);
    store(members, 1);
    store(members, 1);
    store(members, 2);
    const pushed = push();
    expect(pushed).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    );
    // The same as the database says (4 was offline: nothing sent to it).
    for (const u of [1, 2, 3]) expect(pushed.get(u)).toBe(stored.get(u));
    expect(push().size).toBe(0);
  });

  it('a member added during the batch counts only the messages after it joined', () => {
    const { connect, store, push } = tracker();
    const before = Object.freeze([1, 2]);
    const after = Object.freeze([1, 2, 3]);
    for (const u of [1, 2, 3]) connect(u);
    store(before, 1);
    store(after, 1);
    store(after, 2);
    expect(push()).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [3, 2],
      ]),
    );
  });

  it('a member whose counts were loaded during the batch is not counted twice', () => {
    const { connect, store, push, stored, loads } = tracker();
    const members = Object.freeze([1, 2, 3]);
    connect(1);
    store(members, 1);
    connect(2); // loads 1 from the database
    store(members, 1);
    store(members, 3);
    expect(push().get(2)).toBe(3);
    expect(stored.get(2)).toBe(3);
    // A member loaded during the batch who then sent: reloaded from the database instead.
    connect(3);
    store(members, 1); // stored for 3 before its load below
    loads.length = 0;
    connect(3);
    store(members, 3);
    store(members, 1);
    const pushed = push();
    expect(loads).toContain(3);
    expect(pushed.get(3)).toBe(stored.get(3));
    expect(pushed.get(2)).toBe(stored.get(2));
  });
});
