/**
 * The REST group commit (Writer.writeGrouped → events/write-queue.ts): writes queued in one
 * turn commit in ONE transaction, each in its own savepoint (a failing one takes only its
 * own writes with it), are published after the commit in order, and fail together when the
 * transaction cannot start (another program holds the write lock).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { isDatabaseBusy } from '../../db/sqlite-errors';
import { AppError } from '../errors/app-error';
import { createLogger } from '../logging/logger';
import { CommentsService } from '../services/comments.service';
import { NotificationsService } from '../services/notifications.service';
import { PostsService } from '../services/posts.service';
import { createStores, type Stores } from '../store/index';
import { tempDataDir } from '../test/harness';
import { EventLog } from './event-log';
import { Publisher, Writer, type Committed } from './outbox';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = createLogger('test', { level: 'silent' });
const clock = () => Date.parse('2025-03-01T12:00:00.000Z');

let db: Db;
let stores: Stores;
let writer: Writer;
let publisher: Publisher;
let published: Committed[];
let comments: CommentsService;
let posts: PostsService;
let n = 0;
let userId = 0;
let postId = 0;

beforeEach(() => {
  db = openDb(join(dir, `q${++n}.db`));
  migrate(db);
  stores = createStores(db);
  publisher = new Publisher(log);
  published = [];
  publisher.subscribe((c) => published.push(c));
  writer = new Writer(db, new EventLog(stores.events, clock), publisher);
  const notifications = new NotificationsService(stores.notifications, writer);
  comments = new CommentsService(stores.comments, stores.posts, notifications, writer, clock);
  posts = new PostsService(stores.posts, stores.categories, notifications, writer, clock);
  userId = writer.write(
    (tx) =>
      stores.users.insert(tx, {
        nickname: 'writer',
        email: 'writer@example.com',
        passwordHash: 'x',
        firstName: 'W',
        lastName: 'R',
        age: 30,
        gender: 'other',
        createdAt: '2025-01-01T00:00:00.000Z',
      }).id,
  );
  postId = writer.write((tx) =>
    stores.posts.insert(tx, { authorId: userId, title: 'T', body: 'B', createdAt: 'x' }, [1]),
  );
  published.length = 0;
});
afterEach(() => db.close());

const author = () => ({ id: userId, nickname: 'writer' });
const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();

describe('the REST group commit', () => {
  it('commits the writes queued together in one transaction, published in order after it', async () => {
    const batches = vi.spyOn(writer, 'writeBatch');
    const inTransactionWhenPublished: boolean[] = [];
    publisher.subscribe(() => inTransactionWhenPublished.push(db.inTransaction));
    const stored = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        comments.createGrouped(postId, author(), `comment ${i}`),
      ),
    );
    expect(batches).toHaveBeenCalledTimes(1);
    expect(batches.mock.calls[0]![0]).toHaveLength(20);
    expect(stored.map((c) => c.body)).toEqual(Array.from({ length: 20 }, (_, i) => `comment ${i}`));
    expect(count('comments')).toBe(20);
    expect(db.prepare('SELECT comment_count FROM posts WHERE id = ?').pluck().get(postId)).toBe(20);
    // One Committed per write, in order, after the commit.
    expect(published.map((c) => c.events.map((e) => e.type))).toEqual(
      Array.from({ length: 20 }, () => ['comment.created']),
    );
    const ids = published.map((c) => c.events[0]!.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(inTransactionWhenPublished).toEqual(Array.from({ length: 20 }, () => false));
  });

  it('a write that fails rolls back only its own writes; the others commit', async () => {
    const results = await Promise.allSettled([
      comments.createGrouped(postId, author(), 'first'),
      comments.createGrouped(9999, author(), 'to nowhere'),
      posts.createGrouped(author(), { title: 'New', body: 'post', categoryIds: [1] }),
      comments.createGrouped(postId, author(), 'last'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const failed = results[1] as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(AppError);
    expect((failed.reason as AppError).code).toBe('NOT_FOUND');
    expect(count('comments')).toBe(2);
    expect(count('posts')).toBe(2);
    expect(published.map((c) => c.events[0]!.type)).toEqual([
      'comment.created',
      'post.created',
      'comment.created',
    ]);
  });

  it('while another program holds the write lock, every queued write fails busy and nothing is published', async () => {
    const other = openDb(join(dir, `q${n}.db`));
    other.exec('BEGIN IMMEDIATE');
    try {
      const results = await Promise.allSettled([
        comments.createGrouped(postId, author(), 'a'),
        comments.createGrouped(postId, author(), 'b'),
      ]);
      for (const r of results) {
        expect(r.status).toBe('rejected');
        expect(isDatabaseBusy((r as PromiseRejectedResult).reason)).toBe(true);
      }
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(count('comments')).toBe(0);
    expect(published).toEqual([]);
    // Once the lock is gone, the next write goes through.
    await comments.createGrouped(postId, author(), 'c');
    expect(count('comments')).toBe(1);
  });

  it('flushGrouped commits what waits at once (before the database closes)', () => {
    const pending = comments.createGrouped(postId, author(), 'at close');
    writer.flushGrouped();
    expect(count('comments')).toBe(1);
    return expect(pending).resolves.toMatchObject({ body: 'at close' });
  });
});
