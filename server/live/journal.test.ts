/**
 * The durable record commits with the data it describes: if writing it fails, the user,
 * post or comment is not stored either (and nothing is delivered).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import type { PasswordHasher } from '../auth/password-hasher';
import { SessionService } from '../auth/sessions.service';
import { EventBus } from '../events/event-bus';
import { EventLog } from '../events/event-log';
import type { ForumEventBus, ForumEvents } from '../events/forum-events';
import type { ForumJournal } from '../events/forum-journal';
import { createLogger } from '../logging/logger';
import { AccountsService } from '../services/accounts.service';
import { CommentsService } from '../services/comments.service';
import { NotificationsService } from '../services/notifications.service';
import { PostsService } from '../services/posts.service';
import { createStores, type Stores } from '../store/index';
import { tempDataDir } from '../test/harness';
import { LiveJournal } from './journal';
import type { LiveSink } from './live-port';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = createLogger('test', { level: 'silent' });
const clock = () => Date.parse('2025-03-01T12:00:00.000Z');

let db: Db;
let stores: Stores;
let bus: ForumEventBus;
let n = 0;
beforeEach(() => {
  db = openDb(join(dir, `j${++n}.db`));
  migrate(db);
  stores = createStores(db);
  bus = new EventBus<ForumEvents>(log);
});

const failing: ForumJournal = {
  record: () => {
    throw new Error('disk full');
  },
};
const fakeHasher: PasswordHasher = {
  hash: async (p) => `hashed:${p}`,
  verify: async (p, h) => h === `hashed:${p}`,
  verifyDummy: async () => false,
  costOf: () => 10,
  cost: 10,
  close: async () => undefined,
};
const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();

function seedUserAndPost(): { userId: number; postId: number } {
  const user = stores.users.insert({
    nickname: `u${n}`,
    email: `u${n}@example.com`,
    passwordHash: 'x',
    firstName: 'U',
    lastName: 'U',
    age: 30,
    gender: 'other',
    createdAt: '2025-01-01T00:00:00.000Z',
  });
  const postId = db.transaction(() =>
    stores.posts.insert({ authorId: user.id, title: 'T', body: 'B', createdAt: 'x' }, [1]),
  )();
  return { userId: user.id, postId };
}

describe('the journal commits with the data', () => {
  it('a post whose event cannot be written is not stored, and the bus stays quiet', () => {
    const { userId } = seedUserAndPost();
    const posts = new PostsService(db, stores.posts, stores.categories, bus, clock, failing);
    const heard: unknown[] = [];
    bus.on('post.created', (e) => heard.push(e));
    expect(() =>
      posts.create({ id: userId, nickname: 'u' }, { title: 'x', body: 'y', categoryIds: [1] }),
    ).toThrow('disk full');
    expect(count('posts')).toBe(1);
    expect(heard).toEqual([]);
  });

  it('a comment whose events cannot be written is not stored, nor its count bumped', () => {
    const { userId, postId } = seedUserAndPost();
    const comments = new CommentsService(db, stores.comments, stores.posts, bus, clock, failing);
    expect(() => comments.create(postId, { id: userId, nickname: 'u' }, 'hi')).toThrow('disk full');
    expect(count('comments')).toBe(0);
    expect(db.prepare('SELECT comment_count FROM posts').pluck().get()).toBe(0);
  });

  it('an account whose user.joined cannot be written is not created', async () => {
    const sessions = new SessionService(
      stores.sessions,
      bus,
      { cookieName: 'hearth_0123456789ab', ttlMs: 1e9, renewAfterMs: 1e8, clock },
      log,
    );
    const accounts = new AccountsService(
      db,
      stores.users,
      fakeHasher,
      sessions,
      bus,
      clock,
      log,
      failing,
    );
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
  });

  it('LiveJournal writes the comment event and each notification with its event, delivered only after commit', () => {
    const { userId: authorId, postId } = seedUserAndPost();
    const delivered: { events: number; unread: readonly number[] }[] = [];
    const sink: LiveSink = {
      publish: (events, unread) => delivered.push({ events: events.length, unread }),
      unreadChanged: () => undefined,
      isOnline: () => false,
    };
    const journal = new LiveJournal(
      new EventLog(stores.events, clock),
      new NotificationsService(stores.notifications),
      sink,
    );
    const comments = new CommentsService(db, stores.comments, stores.posts, bus, clock, journal);
    const other = stores.users.insert({
      nickname: 'other',
      email: 'o@example.com',
      passwordHash: 'x',
      firstName: 'O',
      lastName: 'O',
      age: 30,
      gender: 'other',
      createdAt: 'x',
    });
    let seenInside = -1;
    bus.on('comment.created', () => (seenInside = delivered.length));
    comments.create(postId, { id: other.id, nickname: 'other' }, 'hello');
    expect(delivered).toEqual([{ events: 2, unread: [authorId] }]);
    expect(seenInside).toBe(1); // delivered before the bus listeners run, after the commit
    expect(count('events')).toBe(2);
    expect(count('notifications')).toBe(1);
  });
});
