import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';
import { EventLog } from '../events/event-log';
import { Publisher, Writer } from '../events/outbox';
import { createLogger } from '../logging/logger';
import { createStores } from '../store/index';
import { tempDataDir } from '../test/harness';
import { ChatService } from './chat.service';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ChatService.checkPeer: the one rule for who may be messaged', () => {
  const db = openDb(join(dir, 'chat.db'));
  migrate(db);
  afterAll(() => db.close());
  const stores = createStores(db);
  const log = createLogger('test', { level: 'silent' });
  const writer = new Writer(db, new EventLog(stores.events, Date.now), new Publisher(log));
  const chat = new ChatService(db, stores.chat, writer, Date.now, log, { isOnline: () => false });
  const me = writer.write(
    (tx) =>
      stores.users.insert(tx, {
        nickname: 'me',
        email: 'me@example.com',
        passwordHash: 'x',
        firstName: 'M',
        lastName: 'E',
        age: 30,
        gender: 'other',
        createdAt: '2025-01-01T00:00:00.000Z',
      }).id,
  );

  it('refuses yourself and unknown users, each with its code; checkSend says the same', () => {
    expect(chat.checkPeer(me, me)).toEqual({
      ok: false,
      code: 'CANNOT_MESSAGE_SELF',
      message: 'You cannot send a message to yourself.',
    });
    expect(chat.checkPeer(me, 999)).toEqual({
      ok: false,
      code: 'UNKNOWN_RECIPIENT',
      message: 'There is no user 999.',
    });
    expect(chat.checkSend(me, me, 'hi')).toEqual(chat.checkPeer(me, me));
    expect(chat.checkSend(me, 999, ' hi ')).toEqual(chat.checkPeer(me, 999));
    // The text is checked first: an empty message to yourself is an empty message.
    expect(chat.checkSend(me, me, '   ')).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('accepts anyone else who exists', () => {
    const other = writer.write(
      (tx) =>
        stores.users.insert(tx, {
          nickname: 'other',
          email: 'other@example.com',
          passwordHash: 'x',
          firstName: 'O',
          lastName: 'T',
          age: 30,
          gender: 'other',
          createdAt: '2025-01-01T00:00:00.000Z',
        }).id,
    );
    expect(chat.checkPeer(me, other)).toEqual({ ok: true });
    expect(chat.checkSend(me, other, ' hi ')).toEqual({ ok: true, body: 'hi' });
  });
});
