import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';
import { EventLog } from '../events/event-log';
import { Publisher, Writer } from '../events/outbox';
import { createLogger } from '../logging/logger';
import { tempDataDir } from '../test/harness';
import { createStores } from './index';
import { insertUser } from '../test/insert-user';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the moderation log store', () => {
  const db = openDb(join(dir, 'modlog.db'));
  migrate(db);
  afterAll(() => db.close());
  const stores = createStores(db);
  const writer = new Writer(
    db,
    new EventLog(stores.events, Date.now),
    new Publisher(createLogger('test', { level: 'silent' })),
  );
  const user = (nickname: string) => insertUser(writer, stores.users, nickname);
  const mod = user('mod');
  const ana = user('ana');

  it('appends entries and reads them back newest first, per person too', () => {
    const first = writer.write((tx) =>
      stores.moderationLog.record(tx, {
        at: Date.UTC(2026, 0, 1),
        actorId: mod,
        action: 'post.delete',
        targetType: 'post',
        targetId: 7,
        targetUserId: ana,
        reason: 'spam',
      }),
    );
    expect(first).toMatchObject({
      at: '2026-01-01T00:00:00.000Z',
      actor: { id: mod, nickname: 'mod' },
      targetUser: { id: ana, nickname: 'ana' },
      reason: 'spam',
      detail: null,
    });
    const second = writer.write((tx) =>
      stores.moderationLog.record(tx, {
        at: Date.UTC(2026, 0, 2),
        actorId: mod,
        action: 'category.create',
        targetType: 'category',
        targetId: 3,
        targetUserId: null,
        reason: null,
        detail: { name: 'Boats' },
      }),
    );
    expect(second.detail).toEqual({ name: 'Boats' });
    expect(second.targetUser).toBeNull();
    expect(stores.moderationLog.page({ limit: 10 }).map((e) => e.id)).toEqual([
      second.id,
      first.id,
    ]);
    expect(stores.moderationLog.page({ limit: 10, before: second.id })).toEqual([first]);
    expect(stores.moderationLog.page({ limit: 10, userId: ana })).toEqual([first]);
  });

  it('cannot be edited or deleted, even with SQL', () => {
    expect(() => db.exec("UPDATE moderation_log SET reason = 'x'")).toThrow(/cannot be edited/);
    expect(() => db.exec('DELETE FROM moderation_log')).toThrow(/cannot be deleted/);
    expect(stores.moderationLog.page({ limit: 10 })).toHaveLength(2);
  });
});
