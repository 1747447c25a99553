/**
 * Server → client events are typed from `common/protocol.ts` where they are produced: a
 * payload of the wrong shape is a type error. `npm run check` (tsc over this file) fails if
 * any `@ts-expect-error` line below stops being an error, so these lines are the test that
 * wrong payloads are refused; the `it` blocks check what the right ones produce.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../common/api';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';
import { createLogger } from '../logging/logger';
import { createEventsStore } from '../store/events.store';
import { tempDataDir } from '../test/harness';
import { EventLog } from './event-log';
import { Publisher, Writer, type Transaction } from './outbox';
import { serverFrame } from './server-frame';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const notification: Notification = {
  id: 3,
  kind: 'comment_on_post',
  actor: { id: 1, nickname: 'ann' },
  postId: 9,
  text: 'ann commented on your post “T”',
  createdAt: '2025-03-01T12:00:00.000Z',
  read: false,
};

/** Never called: type-checked only. */
export function wrongPayloads(tx: Transaction, log: EventLog): void {
  // @ts-expect-error a post.created payload is { post: PostSummary }
  tx.event('post.created', { post: { id: 7 } }, null);
  // @ts-expect-error a notification is not a chat message
  tx.event('chat.message', notification, [1, 2]);
  // @ts-expect-error user.joined carries { user }, not the bare user
  log.append(tx, 'user.joined', { id: 1, nickname: 'ann' }, null);
  // @ts-expect-error typing is not durable: it has no eventId and is never logged
  tx.event('typing', { from: 1, nickname: 'ann', active: true }, [2]);
  // @ts-expect-error a durable frame needs its eventId
  serverFrame('notification', notification);
  // @ts-expect-error presence has no such field
  serverFrame('presence', { userId: 1, online: true, away: true });
}

describe('typed server events', () => {
  it('a well-typed event is serialized once, for the log row and the envelope alike', () => {
    const db = openDb(join(dir, 'typed.db'));
    migrate(db);
    const events = new EventLog(createEventsStore(db), () => 0);
    const writer = new Writer(db, events, new Publisher(createLogger('t', { level: 'silent' })));
    const e = writer.write((tx) => tx.event('notification', notification, [5]));
    expect(e.json).toBe(serverFrame('notification', notification, e.id));
    expect(JSON.parse(e.json)).toEqual({ type: 'notification', eventId: 1, payload: notification });
    expect(db.prepare('SELECT payload FROM events').pluck().get()).toBe(
      JSON.stringify(notification),
    );
    expect(serverFrame('presence', { userId: 1, online: true })).toBe(
      '{"type":"presence","payload":{"userId":1,"online":true}}',
    );
    db.close();
  });
});
