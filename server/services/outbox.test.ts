/**
 * One post-commit outbox: a write's event-log rows and notifications commit with the data
 * they describe (if writing them fails, the user, post or comment is not stored either, and
 * nothing is published), and what committed is published once, after the commit.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import type { PasswordHasher } from '../auth/password-hasher';
import { SessionService } from '../auth/sessions.service';
import { EventLog } from '../events/event-log';
import { Publisher, Writer, type Committed, type Transaction } from '../events/outbox';
import { LivePort, type LiveSink } from '../live/live-port';
import { createLogger, type LogRecord } from '../logging/logger';
import { createStores, type Stores } from '../store/index';
import { tempDataDir } from '../test/harness';
import { AccountsService } from './accounts.service';
import { ChatService } from './chat.service';
import { CommentsService } from './comments.service';
import { NotificationsService } from './notifications.service';
import { PostsService } from './posts.service';
import { insertUser } from '../test/insert-user';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logs: LogRecord[] = [];
const log = createLogger('test', { level: 'debug', sink: (r) => logs.push(r) });
const clock = () => Date.parse('2025-03-01T12:00:00.000Z');

let db: Db;
let stores: Stores;
let publisher: Publisher;
let published: Committed[];
let n = 0;
beforeEach(() => {
  db = openDb(join(dir, `o${++n}.db`));
  migrate(db);
  stores = createStores(db);
  publisher = new Publisher(log);
  published = [];
  publisher.subscribe((c) => published.push(c));
  logs.length = 0;
});

/** The services over one writer; `failing` makes every event-log append throw. */
function services(options: { failing?: boolean } = {}) {
  const events = new EventLog(
    options.failing
      ? {
          ...stores.events,
          append: () => {
            throw new Error('disk full');
          },
        }
      : stores.events,
    clock,
  );
  const writer = new Writer(db, events, publisher);
  const notifications = new NotificationsService(stores.notifications, writer);
  const sessions = new SessionService(
    stores.sessions,
    publisher,
    { cookieName: 'hearth_0123456789ab', ttlMs: 1e9, renewAfterMs: 1e8, clock },
    log,
  );
  return {
    writer,
    notifications,
    sessions,
    posts: new PostsService(stores.posts, stores.categories, notifications, writer, clock),
    comments: new CommentsService(stores.comments, stores.posts, notifications, writer, clock),
    accounts: new AccountsService(stores.users, fakeHasher, sessions, writer, clock, log),
  };
}

const fakeHasher: PasswordHasher = {
  hash: async (p) => `hashed:${p}`,
  verify: async (p, h) => h === `hashed:${p}`,
  verifyDummy: async () => false,
  costOf: () => 10,
  cost: 10,
  close: async () => undefined,
};
const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();

function seedUser(writer: Writer, nickname: string): number {
  return insertUser(writer, stores.users, nickname);
}

function seedUserAndPost(writer: Writer): { userId: number; postId: number } {
  const userId = seedUser(writer, `u${n}`);
  const postId = writer.write((tx) =>
    stores.posts.insert(tx, { authorId: userId, title: 'T', body: 'B', createdAt: 'x' }, [1]),
  );
  return { userId, postId };
}

/** A live layer that records what it is handed; `online` users are connected. */
function recordingSink(online: readonly number[] = []) {
  const calls: { events: string[]; unread: readonly number[] }[] = [];
  const ended: [number, number][] = [];
  const sink: LiveSink = {
    publish: (events, unread) => calls.push({ events: events.map((e) => e.type), unread }),
    isOnline: (id) => online.includes(id),
    endSession: (userId, sessionId) => ended.push([userId, sessionId]),
  };
  const live = new LivePort();
  live.attach(sink);
  publisher.subscribe((c) => live.deliver(c));
  return { calls, ended };
}

describe('the outbox commits with the data', () => {
  it('a post whose event cannot be written is not stored, and nothing is published', () => {
    const { userId } = seedUserAndPost(services().writer);
    published.length = 0;
    const { posts } = services({ failing: true });
    expect(() =>
      posts.create({ id: userId, nickname: 'u' }, { title: 'x', body: 'y', categoryIds: [1] }),
    ).toThrow('disk full');
    expect(count('posts')).toBe(1);
    expect(published).toEqual([]);
  });

  it('a comment whose events cannot be written is not stored, nor its count bumped', () => {
    const { userId, postId } = seedUserAndPost(services().writer);
    published.length = 0;
    const { comments } = services({ failing: true });
    expect(() => comments.create(postId, { id: userId, nickname: 'u' }, 'hi')).toThrow('disk full');
    expect(count('comments')).toBe(0);
    expect(db.prepare('SELECT comment_count FROM posts').pluck().get()).toBe(0);
    expect(published).toEqual([]);
  });

  it('an account whose user.joined cannot be written is not created', async () => {
    const { accounts } = services({ failing: true });
    await expect(
      accounts.signup({
        nickname: 'nobody',
        email: 'nobody@example.com',
        password: 'long enough',
        firstName: 'N',
        lastName: 'B',
        age: 40,
        gender: 'other',
      }),
    ).rejects.toThrow('disk full');
    expect(count('users')).toBe(0);
    expect(count('sessions')).toBe(0);
    expect(published).toEqual([]);
  });

  it('a comment: its event and each notification with its event, published once after the commit', () => {
    const s = services();
    const { userId: authorId, postId } = seedUserAndPost(s.writer);
    const { calls } = recordingSink();
    const other = seedUser(s.writer, 'other');
    let committedWhenDelivered: boolean | null = null;
    publisher.subscribe(() => {
      committedWhenDelivered = !db.inTransaction && count('comments') === 1;
    });
    s.comments.create(postId, { id: other, nickname: 'other' }, 'hello');
    // Comment notifications are written by the comments service, not the live layer.
    expect(calls).toEqual([{ events: ['comment.created', 'notification'], unread: [authorId] }]);
    expect(committedWhenDelivered).toBe(true);
    expect(count('events')).toBe(2);
    expect(count('notifications')).toBe(1);
  });

  it('a post: followers are notified in bulk; frames only for those online, unread too', () => {
    const s = services();
    const author = seedUser(s.writer, 'author');
    const [online, offline] = [seedUser(s.writer, 'on'), seedUser(s.writer, 'off')];
    s.writer.write((tx) => {
      stores.follows.follow(tx, online, 1);
      stores.follows.follow(tx, offline, 1);
    });
    const { calls } = recordingSink([online]);
    s.posts.create({ id: author, nickname: 'author' }, { title: 'P', body: 'b', categoryIds: [1] });
    expect(calls).toEqual([{ events: ['post.created', 'notification'], unread: [online] }]);
    expect(count('notifications')).toBe(2);
    expect(count('events')).toBe(3); // the post's, and one per follower (both replayable)
  });

  it('a REST read mark pushes unread counts through the outbox', () => {
    const s = services();
    const me = seedUser(s.writer, 'reader');
    const { calls } = recordingSink([me]);
    s.notifications.markRead(me, { all: true });
    expect(calls).toEqual([{ events: [], unread: [me] }]);
  });

  it('a session ended in a transaction is published when it commits, not when it rolls back', () => {
    const s = services();
    const me = seedUser(s.writer, 'sessions');
    const { ended } = recordingSink();
    const first = s.sessions.create(me);
    const second = s.sessions.create(me);
    expect(() =>
      s.writer.write((tx) => {
        s.sessions.end(first.sessionId, 'replaced', tx);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(ended).toEqual([]);
    expect(count('sessions')).toBe(2);
    s.writer.write((tx) => s.sessions.end(first.sessionId, 'replaced', tx));
    s.sessions.end(second.sessionId, 'logout');
    expect(ended).toEqual([
      [me, first.sessionId],
      [me, second.sessionId],
    ]);
  });

  it('a chat batch: one commit, one publication; each message names the event that carries it', () => {
    const s = services();
    const [a, b] = [seedUser(s.writer, 'ca'), seedUser(s.writer, 'cb')];
    seedUserAndPost(s.writer); // an event before the batch: ids do not start at 1
    published.length = 0;
    const chat = new ChatService(db, stores.chat, s.writer, clock, log, { isOnline: () => false });
    const send = (clientId: string) => ({ send: { senderId: a, to: b, body: clientId, clientId } });
    const outcomes = chat.commit([
      send('one'),
      send('two'),
      { read: { reader: b, peer: a, upTo: 1e9 } },
      send('one'), // a retry in the same batch
      send('three'),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'sent', 'read', 'duplicate', 'sent']);
    const rows = db
      .prepare<[], { id: number; event_id: number }>(
        'SELECT id, event_id FROM messages ORDER BY id',
      )
      .all();
    const events = published.flatMap((c) => c.events);
    expect(published).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['chat.message', 'chat.message', 'chat.message']);
    expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.id));
    expect(
      events.map((e) => (JSON.parse(e.json) as { payload: { id: number } }).payload.id),
    ).toEqual(rows.map((r) => r.id));
    expect(published[0]!.unreadChanged).toEqual([b]);
  });

  it('a write inside another is refused (it would publish before the outer commit)', () => {
    const { writer } = services();
    expect(() => writer.write(() => writer.write(() => 1))).toThrow(/inside another/);
  });

  it('a failing listener is logged; the others still hear the commit', () => {
    const s = services();
    publisher.subscribe(() => {
      throw new Error('listener bug');
    });
    const heard: number[] = [];
    publisher.subscribe((c) => heard.push(c.events.length));
    seedUser(s.writer, 'x');
    const author = seedUser(s.writer, 'y');
    s.posts.create({ id: author, nickname: 'y' }, { title: 'P', body: 'b', categoryIds: [1] });
    expect(heard).toEqual([1]);
    expect(logs.some((l) => l.message === 'event listener failed')).toBe(true);
  });

  it('a transaction kept after its write ended refuses to be used', () => {
    const { writer } = services();
    let kept: Transaction | null = null;
    writer.write((tx) => {
      kept = tx;
    });
    const tx = kept as unknown as Transaction;
    expect(() => tx.unreadChanged(1)).toThrow(/has ended/);
    expect(() => tx.nextEventId()).toThrow(/has ended/);
    expect(() => tx.event('user.joined', { user: { id: 1, nickname: 'x' } }, null)).toThrow(
      /has ended/,
    );
    // Ended by a rollback too.
    expect(() =>
      writer.write((t) => {
        kept = t;
        throw new Error('body failed');
      }),
    ).toThrow('body failed');
    expect(() => (kept as unknown as Transaction).unreadChanged(1)).toThrow(/has ended/);
  });

  it('a commit made by a listener is heard by every listener after the one that caused it', () => {
    const { writer } = services();
    const order: string[] = [];
    publisher.subscribe((c) => {
      order.push(`first:${c.unreadChanged.join()}`);
      // A listener that writes (a later cross-process bus might): its commit waits its turn.
      if (c.unreadChanged.includes(1)) writer.write((tx) => tx.unreadChanged(2));
    });
    publisher.subscribe((c) => order.push(`second:${c.unreadChanged.join()}`));
    writer.write((tx) => tx.unreadChanged(1));
    expect(order).toEqual(['first:1', 'second:1', 'first:2', 'second:2']);
  });
});
