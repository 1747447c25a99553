import { describe, expect, it } from 'vitest';
import type { PostSummary } from '@common/api';
import { FeedState } from './feed.svelte';

const ME = 1;
const post = (id: number, authorId: number, categoryIds: number[] = [1]): PostSummary => ({
  id,
  title: `Post ${id}`,
  body: 'body',
  bodyTruncated: false,
  author: { id: authorId, nickname: `u${authorId}` },
  categories: categoryIds.map((c) => ({ id: c, name: `c${c}` })),
  createdAt: new Date(2025, 0, id).toISOString(),
  commentCount: 0,
  pinned: false,
  locked: false,
  editedAt: null,
});

function loadedFeed(posts: PostSummary[], category: number | null = null): FeedState {
  const feed = new FeedState(() => ME);
  feed.posts = posts;
  feed.category = category;
  feed.loaded = true;
  return feed;
}

describe('FeedState live posts', () => {
  it('holds posts from others behind the pill, newest first, so the page does not jump', () => {
    const feed = loadedFeed([post(1, 2)]);
    feed.receivePost(post(2, 3));
    feed.receivePost(post(3, 4));
    expect(feed.posts.map((p) => p.id)).toEqual([1]);
    expect(feed.incoming.map((p) => p.id)).toEqual([3, 2]);
    feed.showIncoming();
    expect(feed.posts.map((p) => p.id)).toEqual([3, 2, 1]);
    expect(feed.incoming).toEqual([]);
  });

  it('puts my own post at the top at once', () => {
    const feed = loadedFeed([post(1, 2)]);
    feed.receivePost(post(2, ME));
    expect(feed.posts.map((p) => p.id)).toEqual([2, 1]);
    expect(feed.incoming).toEqual([]);
  });

  it('ignores duplicates (live event after my publish, or a replay)', () => {
    const feed = loadedFeed([post(1, 2)]);
    feed.receivePost(post(2, 3));
    feed.receivePost(post(2, 3));
    feed.receivePost(post(1, 2));
    expect(feed.incoming.map((p) => p.id)).toEqual([2]);
    expect(feed.posts.map((p) => p.id)).toEqual([1]);
  });

  it('respects the category filter', () => {
    const feed = loadedFeed([], 5);
    feed.receivePost(post(2, 3, [1, 2]));
    feed.receivePost(post(3, 3, [4, 5]));
    // (issue 13) The list was empty: the one that fits shows at once, with no pill.
    expect(feed.posts.map((p) => p.id)).toEqual([3]);
    expect(feed.incoming).toEqual([]);
  });

  it('shows the first post of an empty list at once; later ones wait behind the pill', () => {
    const feed = loadedFeed([]);
    feed.receivePost(post(2, 3));
    expect(feed.posts.map((p) => p.id)).toEqual([2]);
    expect(feed.incoming).toEqual([]);
    // Now the list shows something: the page must not jump under the reader.
    feed.receivePost(post(3, 4));
    expect(feed.posts.map((p) => p.id)).toEqual([2]);
    expect(feed.incoming.map((p) => p.id)).toEqual([3]);
  });

  it('shows the waiting posts when the last shown one is deleted (never "No posts yet" beside the pill)', () => {
    const feed = loadedFeed([post(1, 2)]);
    feed.receivePost(post(2, 3));
    feed.receivePost(post(3, 3));
    expect(feed.incoming.map((p) => p.id)).toEqual([3, 2]);
    feed.removePost(1);
    expect(feed.posts.map((p) => p.id)).toEqual([3, 2]);
    expect(feed.incoming).toEqual([]);
  });

  it('ignores live posts before the first page is loaded (the page will have them)', () => {
    const feed = new FeedState(() => ME);
    feed.receivePost(post(2, 3));
    expect(feed.incoming).toEqual([]);
  });

  it('counts comments on cards, shown or waiting', () => {
    const feed = loadedFeed([post(1, 2)]);
    feed.receivePost(post(2, 3));
    feed.countComment(1);
    feed.countComment(2);
    feed.countComment(2);
    feed.countComment(99);
    expect(feed.posts[0]!.commentCount).toBe(1);
    expect(feed.incoming[0]!.commentCount).toBe(2);
  });
});

describe('FeedState post.updated (moderation)', () => {
  it('moves a pinned post to the top and locks in place, and keeps the filter', () => {
    const feed = loadedFeed([post(3, 2), post(2, 2), post(1, 2)]);
    feed.nextBefore = null;
    feed.updatePost({ ...post(1, 2), pinned: true });
    expect(feed.posts.map((p) => [p.id, p.pinned])).toEqual([
      [1, true],
      [3, false],
      [2, false],
    ]);
    feed.updatePost({ ...post(2, 2), locked: true });
    expect(feed.posts.map((p) => p.id)).toEqual([1, 3, 2]);
    expect(feed.posts[2]!.locked).toBe(true);
    feed.updatePost({ ...post(1, 2), pinned: false });
    expect(feed.posts.map((p) => p.id)).toEqual([3, 2, 1]);

    const other = loadedFeed([post(3, 2, [1])], 1);
    other.updatePost({ ...post(4, 2, [2]), pinned: true });
    expect(other.posts.map((p) => p.id)).toEqual([3]);
  });
});
