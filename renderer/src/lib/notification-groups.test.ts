import type { Notification } from '@common/api';
import type { NotificationGroup } from '@common/attention';
import { describe, expect, it } from 'vitest';
import { growGroups, readGroups, titleOf } from './notification-groups';

const note = (
  id: number,
  actor: number,
  postId = 7,
  kind: Notification['kind'] = 'comment_on_post',
): Notification => ({
  id,
  kind,
  actor: { id: actor, nickname: `u${actor}` },
  postId,
  commentId: id * 10,
  text: `u${actor} commented on your post “Simulated “annealing””`,
  createdAt: `2026-01-01T00:00:0${id % 10}.000Z`,
  read: false,
});

describe('grouped notifications, live', () => {
  it('one row per post and kind whose count and names grow, newest on top', () => {
    let g: NotificationGroup[] = [];
    g = growGroups(g, note(1, 1), 'first');
    g = growGroups(g, note(2, 2), 'second');
    g = growGroups(g, note(3, 1), undefined);
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({
      key: '7:comment_on_post',
      title: 'Simulated “annealing”',
      count: 3,
      unread: 3,
      actorCount: 2,
      latestId: 3,
      commentId: 30,
      excerpt: 'second',
    });
    expect(g[0]!.actors.map((a) => a.id)).toEqual([1, 2]);
    g = growGroups(g, note(4, 3, 8), 'other post');
    g = growGroups(g, note(5, 3, 7, 'comment_on_thread'), 'thread');
    expect(g.map((x) => x.key)).toEqual([
      '7:comment_on_thread',
      '8:comment_on_post',
      '7:comment_on_post',
    ]);
    // The same event twice (a replay) changes nothing.
    expect(growGroups(g, note(5, 3, 7, 'comment_on_thread'), 'thread')).toEqual(g);
  });

  it('reading the post clears its rows; a new comment afterwards starts the row over', () => {
    let g = growGroups(growGroups([], note(1, 1), 'a'), note(2, 2), 'b');
    g = growGroups(g, note(3, 3, 9), 'c');
    g = readGroups(g, { postId: 7 });
    expect(g.map((x) => [x.postId, x.unread])).toEqual([
      [9, 1],
      [7, 0],
    ]);
    g = growGroups(g, note(4, 4), 'd');
    expect(g[0]).toMatchObject({ postId: 7, count: 1, unread: 1, actorCount: 1, excerpt: 'd' });
    expect(readGroups(g, { all: true }).every((x) => x.unread === 0)).toBe(true);
  });

  it('finds the title between the outer quotes', () => {
    expect(titleOf('a commented on your post “Hi”')).toBe('Hi');
    expect(titleOf('no quotes')).toBe('');
  });
});
