/**
 * The chat group commit's pipelined fsync (wal-pipeline.ts), on a real SQLite file: with the
 * WAL's fsync held, nothing of a committed batch is published, told to `hello` or replayed;
 * it is told once the fsync completes, and before any later commit's events.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';
import { walSyncFor, type WalSync } from '../../db/wal-sync';
import { EventLog } from '../events/event-log';
import { Publisher, Writer, type Committed } from '../events/outbox';
import { createLogger } from '../logging/logger';
import { ChatService, type ChatWrite, type ChatWriteOutcome } from '../services/chat.service';
import { createStores } from '../store/index';
import { tempDataDir } from '../test/harness';
import { WalPipeline } from './wal-pipeline';
import { insertUser } from '../test/insert-user';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real WAL sync, but each background fsync waits until the test lets it run. */
class HeldSync implements WalSync {
  private readonly held: { release(): Promise<void>; fail(err: Error): void }[] = [];
  syncNowCalls = 0;
  failNow = false;
  /** Called at each syncNow: what had been told by then (nothing of its batch may be). */
  onSyncNow: () => void = () => undefined;
  constructor(private readonly real: WalSync) {}
  unsynced<T>(fn: () => T): T {
    return this.real.unsynced(fn);
  }
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.held.push({
        release: () => this.real.sync().then(resolve, reject),
        fail: reject,
      });
    });
  }
  syncNow(): void {
    this.syncNowCalls++;
    this.onSyncNow();
    if (this.failNow) throw new Error('EIO: held sync failed');
    this.real.syncNow();
  }
  close(): void {
    this.real.close();
  }
  get waiting(): number {
    return this.held.length;
  }
  /** Lets the oldest held fsync run; resolves once the real fsync has ended (on a loaded
   *  machine that takes longer than any fixed wait). */
  release(): Promise<void> {
    return this.held.shift()!.release();
  }
  fail(): void {
    this.held.shift()!.fail(new Error('EIO: background fsync failed'));
  }
}

type Item = { write: ChatWrite };

function setup(name: string, inline = false) {
  const db = openDb(join(dir, `${name}.db`));
  migrate(db);
  const stores = createStores(db);
  const log = createLogger('test', { level: 'silent' });
  const publisher = new Publisher(log);
  const told: Committed[] = [];
  publisher.subscribe((c) => told.push(c));
  const events = new EventLog(stores.events, Date.now, stores.conversations);
  const writer = new Writer(db, events, publisher);
  const chat = new ChatService(db, stores.chat, writer, Date.now, log, { isOnline: () => false });
  const users = ['ann', 'bob'].map((nickname) => insertUser(writer, stores.users, nickname));
  const [ann, bob] = users as [number, number];
  const real = walSyncFor(db);
  if (!real) throw new Error('a file database in WAL mode has a WAL sync');
  const sync = new HeldSync(real);
  const durable: ChatWriteOutcome[][] = [];
  const failed: Item[][] = [];
  const pipeline = new WalPipeline<Item>({
    chat,
    events,
    publisher,
    walSync: sync,
    inline,
    log,
    durable: (_batch, outcomes) => durable.push([...outcomes]),
    failed: (batch) => failed.push([...batch]),
  });
  told.length = 0;
  const send = (body: string, clientId: string): Item => ({
    write: { send: { senderId: ann, to: bob, body, clientId } },
  });
  const chatEvents = () =>
    told
      .flatMap((c) => c.events)
      .filter((e) => e.type === 'chat.message')
      .map((e) => e.id);
  const limits = { maxEvents: 100, maxBytes: 1 << 20 };
  return {
    db,
    chat,
    events,
    sync,
    pipeline,
    told,
    durable,
    failed,
    send,
    chatEvents,
    ann,
    bob,
    limits,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the pipelined fsync of chat batches', () => {
  it('tells nothing of a batch until its fsync completes, then all of it', async () => {
    const t = setup('held');
    const before = t.events.lastId();
    expect(t.pipeline.commit([t.send('one', 'c1'), t.send('two', 'c2')], 10)).toBe(2);
    // Committed (visible to SQL) but not durable: nothing told, hello and resume stop before it.
    expect(t.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(2);
    expect(t.db.pragma('synchronous', { simple: true })).toBe(2); // back to FULL
    expect(t.pipeline.busy).toBe(true);
    await settle();
    expect(t.told).toEqual([]);
    expect(t.durable).toEqual([]);
    expect(t.events.lastId()).toBe(before);
    expect(t.events.replay(t.bob, before, t.limits)).toEqual({ kind: 'events', events: [] });

    await t.sync.release();
    await settle();
    expect(t.chatEvents()).toEqual([before + 1, before + 2]);
    expect(t.durable.map((o) => o.map((x) => x.kind))).toEqual([['sent', 'sent']]);
    expect(t.pipeline.busy).toBe(false);
    expect(t.events.lastId()).toBe(before + 2);
    const replay = t.events.replay(t.bob, before, t.limits);
    expect(replay.kind === 'events' && replay.events.length).toBe(2);
    expect(t.sync.syncNowCalls).toBe(0);
  });

  it('a later commit publishing meanwhile first makes the batch durable and tells it, in order', async () => {
    const t = setup('order');
    const before = t.events.lastId();
    t.pipeline.commit([t.send('held', 'h1')], 10);
    // Another write (synchronous=FULL, published at once), e.g. a REST path.
    expect(t.chat.commit([t.send('later', 'l1').write]).map((o) => o.kind)).toEqual(['sent']);
    expect(t.sync.syncNowCalls).toBe(1);
    expect(t.chatEvents()).toEqual([before + 1, before + 2]);
    expect(t.durable).toHaveLength(1);
    expect(t.pipeline.busy).toBe(false);
    // The held background fsync ending later tells nothing twice.
    await t.sync.release();
    await settle();
    expect(t.chatEvents()).toEqual([before + 1, before + 2]);
    expect(t.durable).toHaveLength(1);
  });

  it('a failed background fsync is retried on the event loop; a failed retry tells nothing', async () => {
    const t = setup('fail');
    t.pipeline.commit([t.send('retried', 'r1')], 10);
    t.sync.fail();
    await settle();
    expect(t.sync.syncNowCalls).toBe(1);
    expect(t.durable).toHaveLength(1);
    expect(t.chatEvents()).toHaveLength(1);

    t.sync.failNow = true;
    t.pipeline.commit([t.send('lost', 'x1')], 10);
    t.sync.fail();
    await settle();
    expect(t.durable).toHaveLength(1);
    expect(t.failed.map((b) => b.length)).toEqual([1]);
    expect(t.chatEvents()).toHaveLength(1);
    expect(t.pipeline.busy).toBe(false);
  });

  it('inline: the fdatasync runs on the event loop right after the commit, then it is told', () => {
    const t = setup('inline', true);
    const before = t.events.lastId();
    const toldAtSync: number[][] = [];
    t.sync.onSyncNow = () => toldAtSync.push(t.chatEvents());
    expect(t.pipeline.commit([t.send('now', 'n1')], 10)).toBe(1);
    expect(t.sync.syncNowCalls).toBe(1);
    expect(toldAtSync).toEqual([[]]); // nothing told before the fdatasync
    expect(t.sync.waiting).toBe(0);
    expect(t.chatEvents()).toEqual([before + 1]);
    expect(t.durable).toHaveLength(1);
    expect(t.pipeline.busy).toBe(false);
    expect(t.events.lastId()).toBe(before + 1);
  });
});
