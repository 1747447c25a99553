import { describe, expect, it } from 'vitest';
import type { ChatMessage, PostSummary } from '@common/api';
import { Conversation } from './conversation.svelte';
import { FeedState } from './feed.svelte';

const post = (id: number, extra: Partial<PostSummary> = {}): PostSummary => ({
  id,
  title: `Post ${id}`,
  body: 'body',
  bodyTruncated: false,
  author: { id: 2, nickname: 'u2' },
  categories: [{ id: 1, name: 'c1' }],
  createdAt: new Date(2025, 0, id).toISOString(),
  commentCount: 0,
  pinned: false,
  locked: false,
  editedAt: null,
  ...extra,
});

function feedOf(ids: number[], nextBefore: number | null = null, category: number | null = null) {
  const feed = new FeedState(() => 1);
  feed.posts = ids.map((id) => post(id));
  feed.nextBefore = nextBefore;
  feed.category = category;
  feed.loaded = true;
  return feed;
}

describe('FeedState edits', () => {
  it('replaces an edited card in place, keeping its comment count', () => {
    const feed = feedOf([3, 2, 1]);
    feed.posts[1]!.commentCount = 4;
    feed.updatePost(post(2, { title: 'New', editedAt: '2025-02-01T00:00:00.000Z' }));
    expect(feed.posts.map((p) => [p.id, p.title, p.commentCount])).toEqual([
      [3, 'Post 3', 0],
      [2, 'New', 4],
      [1, 'Post 1', 0],
    ]);
  });

  it('drops a deleted post from the page and the pill', () => {
    const feed = feedOf([3, 2]);
    feed.incoming = [post(4)];
    feed.removePost(2);
    feed.removePost(4);
    expect(feed.posts.map((p) => p.id)).toEqual([3]);
    expect(feed.incoming).toEqual([]);
  });

  it('puts a restored post back in id order, only within the loaded range and filter', () => {
    const feed = feedOf([5, 3], 3);
    feed.updatePost(post(4));
    feed.updatePost(post(1)); // older than the loaded page: paging brings it
    expect(feed.posts.map((p) => p.id)).toEqual([5, 4, 3]);
    const filtered = feedOf([5], null, 7);
    filtered.updatePost(post(4));
    expect(filtered.posts.map((p) => p.id)).toEqual([5]);
  });

  it('drops a card whose edit moved it out of the filtered category', () => {
    const feed = feedOf([2], null, 1);
    feed.updatePost(post(2, { categories: [{ id: 9, name: 'c9' }] }));
    expect(feed.posts).toEqual([]);
  });
});

const msg = (id: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  from: 2,
  to: 1,
  body: `m${id}`,
  createdAt: new Date(2025, 0, 1, 12, id).toISOString(),
  editedAt: null,
  deleted: false,
  ...extra,
});

describe('Conversation edits', () => {
  it('applies an edit and a delete to the message in place', () => {
    const c = new Conversation(2);
    c.receive(msg(1));
    c.receive(msg(2));
    c.applyUpdate(msg(1, { body: 'fixed', editedAt: '2025-01-01T12:30:00.000Z' }));
    c.applyDelete(2);
    expect(c.messages.map((m) => [m.id, m.body, m.editedAt, m.deleted])).toEqual([
      [1, 'fixed', '2025-01-01T12:30:00.000Z', false],
      [2, '', null, true],
    ]);
    // Events for messages not loaded here change nothing.
    c.applyDelete(99);
    expect(c.messages).toHaveLength(2);
  });
});
