import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { EventLog } from '../events/event-log';
import { Publisher, Writer } from '../events/outbox';
import { createLogger, type LogRecord } from '../logging/logger';
import { tempDataDir } from '../test/harness';
import { startEventLogPruner, type EventLogPruner } from './event-log-pruner';
import { createEventsStore } from './events.store';

const dir = tempDataDir();
let db: Db;
let n = 0;
let now = 1_000_000;
let events: EventLog;
let pruner: EventLogPruner | null = null;
const records: LogRecord[] = [];
const log = createLogger('db', { level: 'debug', sink: (r) => records.push(r) });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  // No busy wait: a locked database fails at once, as the pruner's handling expects.
  db = openDb(join(dir, `prune${++n}.db`), { busyTimeoutMs: 0 });
  migrate(db);
  events = new EventLog(createEventsStore(db), () => now);
  records.length = 0;
});
afterEach(() => {
  pruner?.stop();
  pruner = null;
  vi.useRealTimers();
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (): number => db.prepare<[], number>('SELECT count(*) FROM events').pluck().get()!;

function append(count: number): void {
  const writer = new Writer(db, events, new Publisher(createLogger('test', { level: 'silent' })));
  writer.write((tx) => {
    // Stand-in payloads: the pruner never reads them.
    for (let i = 0; i < count; i++) events.append(tx, 'post.created', { i } as never, null);
  });
}

describe('the event-log pruner', () => {
  it('prunes in batches of 5,000 soon after start, then again every 10 minutes', () => {
    append(12_001);
    now += 2000;
    pruner = startEventLogPruner(events, { retentionMs: 1000, maxRows: 1e6, log });
    vi.advanceTimersByTime(4999);
    expect(rows()).toBe(12_001);
    vi.advanceTimersByTime(1);
    expect(rows()).toBe(7001);
    // A full batch: the next follows at once (10 ms), until a short one.
    vi.advanceTimersByTime(10);
    expect(rows()).toBe(2001);
    vi.advanceTimersByTime(10);
    expect(rows()).toBe(1); // the newest row always stays
    append(10);
    now += 2000;
    vi.advanceTimersByTime(10 * 60 * 1000 - 1);
    expect(rows()).toBe(11);
    vi.advanceTimersByTime(1);
    expect(rows()).toBe(1);
  });

  it('keeps at most maxRows', () => {
    append(50);
    pruner = startEventLogPruner(events, { retentionMs: 1e9, maxRows: 20, log });
    vi.advanceTimersByTime(5000);
    expect(rows()).toBe(20);
  });

  it('waits for a write lock another program holds, and tries again in a minute', () => {
    append(100);
    now += 2000;
    const other = openDb(db.name, { busyTimeoutMs: 0 });
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      pruner = startEventLogPruner(events, { retentionMs: 1000, maxRows: 1e6, log });
      vi.advanceTimersByTime(5000);
      expect(records.map((r) => r.message)).toContain(
        'event log pruning postponed: the database is locked',
      );
      expect(records.some((r) => r.level === 'error')).toBe(false);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect(rows()).toBe(100);
    vi.advanceTimersByTime(60_000);
    expect(rows()).toBe(1);
  });

  it('does nothing once stopped', () => {
    append(100);
    now += 2000;
    pruner = startEventLogPruner(events, { retentionMs: 1000, maxRows: 1e6, log });
    pruner.stop();
    vi.advanceTimersByTime(20 * 60 * 1000);
    expect(rows()).toBe(100);
  });
});
