import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { createLogger } from '../logging/logger';
import { createEventsStore } from '../store/events.store';
import { tempDataDir } from '../test/harness';
import { EventLog } from './event-log';
import type { DurableServerEventType as DurableEventType } from './server-frame';
import { Publisher, Writer } from './outbox';

const dir = tempDataDir();
let db: Db;
let n = 0;
let now = 1_000_000;
let events: EventLog;
let writer: Writer;
beforeEach(() => {
  db = openDb(join(dir, `log${++n}.db`));
  migrate(db);
  events = new EventLog(createEventsStore(db), () => now);
  writer = new Writer(db, events, new Publisher(createLogger('test', { level: 'silent' })));
});

/**
 * These tests check ids, audiences and order, not payload shapes: the log stores a payload
 * as given, so small stand-ins do (the cast skips protocol.ts's shapes on purpose).
 */
const log = {
  append: (type: DurableEventType, payload: object, audience: readonly number[] | null) =>
    writer.write((tx) => events.append(tx, type, payload as never, audience)),
  replay: (...a: Parameters<EventLog['replay']>) => events.replay(...a),
  prune: (...a: Parameters<EventLog['prune']>) => events.prune(...a),
  lastId: () => events.lastId(),
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const limits = { maxEvents: 100, maxBytes: 1_000_000 };
const idsOf = (r: ReturnType<EventLog['replay']>) =>
  r.kind === 'events' ? r.events.map((j) => (JSON.parse(j) as { eventId: number }).eventId) : r;

describe('EventLog', () => {
  it('numbers events 1, 2, 3… and serializes the envelope once', () => {
    const e = log.append('post.created', { post: { id: 7 } }, null);
    expect(e).toEqual({
      id: 1,
      type: 'post.created',
      json: '{"type":"post.created","eventId":1,"payload":{"post":{"id":7}}}',
      audience: null,
    });
    expect(log.append('notification', { id: 1 }, [5]).id).toBe(2);
    expect(log.lastId()).toBe(2);
  });

  it('knows the newest id after each commit, and never keeps one a rollback undid', () => {
    expect(log.lastId()).toBe(0);
    log.append('post.created', { n: 1 }, null);
    expect(log.lastId()).toBe(1);
    // Appended, then rolled back: the next read asks the database again.
    expect(() =>
      writer.write((tx) => {
        events.append(tx, 'post.created', { n: 2 } as never, null);
        expect(events.lastId()).toBe(2); // inside the transaction: its own append
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(log.lastId()).toBe(1);
    // The next id follows the committed one, and a batch of writes moves it to its newest.
    writer.writeBatch([
      (tx) => events.append(tx, 'post.created', { n: 3 } as never, null),
      (tx) => events.append(tx, 'post.created', { n: 4 } as never, null),
    ]);
    expect(log.lastId()).toBe(3);
    expect(db.prepare('SELECT max(id) AS id FROM events').get()).toEqual({ id: 3 });
  });

  it('replays what one user may see: their rows (either side) and broadcasts, in order', () => {
    log.append('chat.message', { n: 1 }, [1, 2]); // 1
    log.append('chat.message', { n: 2 }, [2, 3]); // 2
    log.append('post.created', { n: 3 }, null); // 3
    log.append('notification', { n: 4 }, [3]); // 4
    log.append('chat.message', { n: 5 }, [3, 1]); // 5
    expect(idsOf(log.replay(1, 0, limits))).toEqual([1, 3, 5]);
    expect(idsOf(log.replay(2, 0, limits))).toEqual([1, 2, 3]);
    expect(idsOf(log.replay(3, 0, limits))).toEqual([2, 3, 4, 5]);
    expect(idsOf(log.replay(3, 3, limits))).toEqual([4, 5]);
    expect(idsOf(log.replay(9, 0, limits))).toEqual([3]);
    expect(idsOf(log.replay(3, 5, limits))).toEqual([]);
  });

  it('refuses an audience of zero or three users', () => {
    expect(() => log.append('chat.message', {}, [])).toThrow(/one or two users/);
    expect(() => log.append('chat.message', {}, [1, 2, 3])).toThrow(/one or two users/);
  });

  it('answers resync for a cursor ahead of the log, or beyond the limits', () => {
    for (let i = 0; i < 5; i++) log.append('post.created', { i, pad: 'x'.repeat(100) }, null);
    expect(log.replay(1, 6, limits)).toEqual({ kind: 'resync', reason: 'ahead' });
    expect(log.replay(1, 0, { maxEvents: 4, maxBytes: 1e6 })).toEqual({
      kind: 'resync',
      reason: 'too-many',
    });
    expect(idsOf(log.replay(1, 1, { maxEvents: 4, maxBytes: 1e6 }))).toEqual([2, 3, 4, 5]);
    expect(log.replay(1, 0, { maxEvents: 100, maxBytes: 300 })).toEqual({
      kind: 'resync',
      reason: 'too-many',
    });
  });

  it('prunes old rows (by age and by count) but keeps the newest, so ids are never reused', () => {
    for (let i = 0; i < 10; i++) {
      log.append('post.created', { i }, null);
      now += 1000;
    }
    // Older than 5 s: rows 1–5 (created at +0…+4 s; now is +10 s).
    expect(log.prune({ retentionMs: 5500, maxRows: 1000, batch: 100 })).toBe(5);
    expect(log.replay(1, 4, limits)).toEqual({ kind: 'resync', reason: 'pruned' });
    expect(idsOf(log.replay(1, 5, limits))).toEqual([6, 7, 8, 9, 10]);
    // By count: keep 3.
    expect(log.prune({ retentionMs: 1e9, maxRows: 3, batch: 100 })).toBe(2);
    expect(idsOf(log.replay(1, 7, limits))).toEqual([8, 9, 10]);
    // Everything expired: the newest row stays, and the next id continues.
    expect(log.prune({ retentionMs: -1, maxRows: 1000, batch: 100 })).toBe(2);
    expect(log.lastId()).toBe(10);
    expect(log.append('post.created', {}, null).id).toBe(11);
    // Batches bound each call.
    for (let i = 0; i < 20; i++) log.append('post.created', {}, null);
    expect(log.prune({ retentionMs: -1, maxRows: 1000, batch: 7 })).toBe(7);
  });
});
