/**
 * The race every list view meets: its page is read on the server before a new item commits,
 * but the item's live event reaches the page before the HTTP answer does. The item must
 * survive the page landing. The server's answers are held back here (fetch resolves when the
 * test says), since a real server cannot make that ordering happen on demand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Comment, Notification, Post, PostSummary } from '@common/api';
import type { SocketClient } from '../lib/socket';
import { FeedState } from './feed.svelte';
import { NotificationsState } from './notifications.svelte';
import { PostViewState } from './post-view.svelte';

/** fetch answers by path, each released by the test. */
function heldFetch() {
  const waiting = new Map<string, (body: unknown) => void>();
  vi.stubGlobal('fetch', (url: string) => {
    const path = new URL(url, 'http://forum.test').pathname;
    return new Promise<Response>((resolve) => {
      waiting.set(path, (body) => resolve(Response.json(body)));
    });
  });
  return {
    async answer(path: string, body: unknown): Promise<void> {
      await vi.waitFor(() => expect(waiting.has(path)).toBe(true));
      waiting.get(path)!(body);
      waiting.delete(path);
    },
  };
}

/** The socket's `on`, with a way to fire an event at the listeners. */
function fakeSocket() {
  const listeners = new Map<string, ((e: unknown) => void)[]>();
  const socket = {
    on: (type: string, fn: (e: unknown) => void) => {
      listeners.set(type, [...(listeners.get(type) ?? []), fn]);
      return () => undefined;
    },
  };
  return {
    socket: socket as unknown as SocketClient,
    emit: (type: string, payload: unknown) => {
      for (const fn of listeners.get(type) ?? []) fn({ type, payload, eventId: 1 });
    },
  };
}

const user = (id: number) => ({ id, nickname: `u${id}` });
const summary = (id: number): PostSummary => ({
  id,
  title: `Post ${id}`,
  body: 'b',
  bodyTruncated: false,
  author: user(2),
  categories: [{ id: 1, name: 'General' }],
  createdAt: new Date(2025, 0, id).toISOString(),
  commentCount: 0,
  pinned: false,
  locked: false,
  editedAt: null,
});
const notification = (id: number): Notification => ({
  id,
  kind: 'comment_on_post',
  actor: user(2),
  postId: 1,
  text: `n${id}`,
  createdAt: new Date(2025, 0, id).toISOString(),
  read: false,
});
const comment = (id: number, postId = 7): Comment => ({
  id,
  postId,
  body: `c${id}`,
  author: user(2),
  createdAt: new Date(2025, 0, id).toISOString(),
  editedAt: null,
  deleted: false,
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a live item that lands before the page it is missing from', () => {
  it('feed: the post waits behind the pill after the first page', async () => {
    const server = heldFetch();
    const feed = new FeedState(() => 1);
    const loading = feed.load(null);
    feed.receivePost(summary(3));
    await server.answer('/api/posts', { items: [summary(2), summary(1)], nextBefore: null });
    await loading;
    expect(feed.posts.map((p) => p.id)).toEqual([2, 1]);
    expect(feed.incoming.map((p) => p.id)).toEqual([3]);
  });

  it('feed: a reload (resync, filter change) keeps it too, once', async () => {
    const server = heldFetch();
    const feed = new FeedState(() => 1);
    feed.posts = [summary(1)];
    feed.loaded = true;
    const loading = feed.load(null);
    feed.receivePost(summary(2));
    feed.receivePost(summary(3));
    await server.answer('/api/posts', { items: [summary(2), summary(1)], nextBefore: null });
    await loading;
    expect(feed.posts.map((p) => p.id)).toEqual([2, 1]);
    expect(feed.incoming.map((p) => p.id)).toEqual([3]);
  });

  it('notifications: it stays on top of the page', async () => {
    const server = heldFetch();
    const { socket, emit } = fakeSocket();
    const list = new NotificationsState(socket);
    const loading = list.load();
    emit('notification', notification(5));
    emit('notification', notification(4));
    await server.answer('/api/notifications', {
      items: [notification(4), notification(3)],
      nextBefore: null,
    });
    await loading;
    expect(list.items.map((n) => n.id)).toEqual([5, 4, 3]);
  });

  it('post view: the comment shows and is counted once', async () => {
    const server = heldFetch();
    const view = new PostViewState(7);
    const loading = view.load();
    view.receive(comment(12));
    view.receive(comment(11));
    view.receive(comment(99, 8)); // another post's comment: not ours
    const post = { ...summary(7), bodyTruncated: false, commentCount: 1 } as Post;
    await server.answer('/api/posts/7', post);
    await server.answer('/api/posts/7/comments', { items: [comment(11)], nextAfter: null });
    await loading;
    expect(view.comments.map((c) => c.id)).toEqual([11, 12]);
    expect(view.post?.commentCount).toBe(2);
  });
});
