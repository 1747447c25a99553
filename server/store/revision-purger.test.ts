import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { EventLog } from '../events/event-log';
import { Publisher, Writer } from '../events/outbox';
import { createLogger } from '../logging/logger';
import { tempDataDir } from '../test/harness';
import { createEventsStore } from './events.store';
import { startRevisionPurger, type RevisionPurger } from './revision-purger';
import { createRevisionsStore } from './revisions.store';

const DAY = 24 * 60 * 60 * 1000;
const dir = tempDataDir();
let db: Db;
let n = 0;
let now = Date.parse('2025-03-01T12:00:00.000Z');
let purger: RevisionPurger | null = null;
const log = createLogger('db', { level: 'silent' });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  db = openDb(join(dir, `purge${++n}.db`));
  migrate(db);
  db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (1, 'a', 'a@example.com', 'x', 'A', 'B', 30, 'other', '2025-01-01T00:00:00.000Z')`,
  ).run();
});
afterEach(() => {
  purger?.stop();
  purger = null;
  vi.useRealTimers();
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` revisions of item `itemId`, purged at `purgeAtMs` (null: kept). */
function revisions(itemId: number, count: number, purgeAtMs: number | null): void {
  const store = createRevisionsStore(db);
  const writer = new Writer(db, new EventLog(createEventsStore(db), () => now), new Publisher(log));
  writer.write((tx) => {
    for (let i = 0; i < count; i++) {
      store.insert(tx, {
        itemType: 'comment',
        itemId,
        title: null,
        body: `version ${i}`,
        categoryIds: null,
        writtenAt: '2025-03-01T00:00:00.000Z',
        replacedAt: '2025-03-01T00:00:00.000Z',
        replacedBy: 1,
        reason: i === count - 1 ? 'delete' : 'edit',
      });
    }
    store.setPurge(tx, 'comment', itemId, purgeAtMs);
  });
}
const left = (): number => db.prepare('SELECT count(*) FROM revisions').pluck().get() as number;

describe('the revision purger', () => {
  it('soon after start, removes what is past its date (in batches) and keeps the rest', () => {
    revisions(1, 1500, now - 1); // deleted 30 days ago
    revisions(2, 3, now + DAY); // deleted 29 days ago
    revisions(3, 2, null); // never deleted: edits are kept
    purger = startRevisionPurger(createRevisionsStore(db), { clock: () => now, log });
    expect(left()).toBe(1505);
    vi.advanceTimersByTime(5000); // the first batch of 1,000
    expect(left()).toBe(505);
    vi.advanceTimersByTime(10); // a full batch: the next one comes soon
    expect(left()).toBe(5);
    // An hour later the clock says a day passed: the second item's versions go too.
    now += DAY;
    vi.advanceTimersByTime(60 * 60 * 1000);
    expect(left()).toBe(2);
  });

  it('runOnce purges everything due at once (what the tests with a moved clock use)', () => {
    revisions(1, 2500, now - 1);
    purger = startRevisionPurger(createRevisionsStore(db), { clock: () => now, log });
    expect(purger.runOnce()).toBe(2500);
    expect(left()).toBe(0);
  });
});
