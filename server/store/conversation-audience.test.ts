import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { EventLog } from '../events/event-log';
import { Publisher, Writer } from '../events/outbox';
import { createLogger } from '../logging/logger';
import { tempDataDir } from '../test/harness';
import { createStores } from './index';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let db: Db;
let stores: ReturnType<typeof createStores>;
let writer: Writer;
let room: number;
const at = '2026-01-01T00:00:00.000Z';

beforeEach(() => {
  db = openDb(join(dir, `a${++n}.db`));
  migrate(db);
  stores = createStores(db);
  const events = new EventLog(stores.events, () => 1, stores.conversations);
  writer = new Writer(db, events, new Publisher(createLogger('test', { level: 'silent' })));
  const user = db.prepare(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, 'x', 'A', 'B', 30, 'other', ?)`,
  );
  for (let i = 1; i <= 4; i++) user.run(`u${i}`, `u${i}@t.test`, at);
  room = writer.write((tx) => {
    const id = stores.conversations.create(tx, {
      kind: 'room',
      name: 'r',
      topic: '',
      createdBy: 1,
      createdAt: at,
    });
    for (const userId of [1, 2])
      stores.conversations.addMember(tx, { id, userId, at, lastReadId: 0 });
    return id;
  });
});

/** The audience of a room event written now (what the hub delivers it to). */
const audienceNow = (): number[] =>
  [
    ...(writer.write((tx) =>
      tx.event('conversation.updated', {} as never, { conversationId: room }),
    ).audience ?? []),
  ].sort((a, b) => a - b);

describe('conversation audience cache', () => {
  it('follows joins and removals at once', () => {
    expect(audienceNow()).toEqual([1, 2]);
    writer.write((tx) =>
      stores.conversations.addMember(tx, { id: room, userId: 3, at, lastReadId: 0 }),
    );
    expect(audienceNow()).toEqual([1, 2, 3]);
    writer.write((tx) => stores.conversations.removeMember(tx, room, 1));
    expect(audienceNow()).toEqual([2, 3]);
  });

  it('an event in the transaction that changes membership sees the change', () => {
    expect(audienceNow()).toEqual([1, 2]);
    const audience = writer.write((tx) => {
      stores.conversations.removeMember(tx, room, 2);
      return tx.event('conversation.updated', {} as never, { conversationId: room }).audience;
    });
    expect(audience).toEqual([1]);
    expect(audienceNow()).toEqual([1]);
  });

  it('a membership change that rolls back is not remembered', () => {
    expect(audienceNow()).toEqual([1, 2]);
    expect(() =>
      writer.write((tx) => {
        stores.conversations.addMember(tx, { id: room, userId: 4, at, lastReadId: 0 });
        // Read (and maybe remembered) inside the transaction that then fails.
        expect(
          tx.event('conversation.updated', {} as never, { conversationId: room }).audience,
        ).toEqual([1, 2, 4]);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(audienceNow()).toEqual([1, 2]);
  });

  it('in a batch, a body after a failed one sees only what committed', () => {
    expect(audienceNow()).toEqual([1, 2]);
    const outcomes = writer.writeBatch([
      (tx) => {
        stores.conversations.addMember(tx, { id: room, userId: 3, at, lastReadId: 0 });
        throw new Error('this body fails');
      },
      (tx) => tx.event('conversation.updated', {} as never, { conversationId: room }).audience,
    ]);
    expect(outcomes[0]!.ok).toBe(false);
    expect(outcomes[1]).toEqual({ ok: true, value: [1, 2] });
    expect(audienceNow()).toEqual([1, 2]);
  });
});
