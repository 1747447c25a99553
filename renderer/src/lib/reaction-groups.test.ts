/**
 * (issue 12) Reaction notifications grow live in rows of their own item: a post's reactions
 * in the post's row, a comment's in that comment's, a message's in that message's.
 */
import type { Notification } from '@common/api';
import { groupCountNoun, notificationGroupKey, type NotificationGroup } from '@common/attention';
import { describe, expect, it } from 'vitest';
import { growGroups } from './notification-groups';

const reaction = (
  id: number,
  actor: number,
  item: Pick<Notification, 'kind' | 'postId' | 'commentId' | 'messageId'>,
): Notification => ({
  id,
  actor: { id: actor, nickname: `u${actor}` },
  text: `u${actor} reacted 👍 to your comment on “Plans”`,
  createdAt: `2026-01-01T00:00:0${id % 10}.000Z`,
  read: false,
  ...item,
});

describe('reaction rows, live', () => {
  it('one row per comment (not per post), per message, per post', () => {
    const onC1 = { kind: 'reaction_on_comment', postId: 7, commentId: 70 } as const;
    const onC2 = { kind: 'reaction_on_comment', postId: 7, commentId: 71 } as const;
    const onMsg = { kind: 'reaction_on_message', messageId: 500 } as const;
    const onPost = { kind: 'reaction_on_post', postId: 7 } as const;
    let g: NotificationGroup[] = [];
    g = growGroups(g, reaction(1, 1, onC1), 'first comment');
    g = growGroups(g, reaction(2, 2, onC1), undefined);
    g = growGroups(g, reaction(3, 3, onC2), 'second comment');
    g = growGroups(g, reaction(4, 1, onMsg), undefined);
    g = growGroups(g, reaction(5, 2, onMsg), undefined);
    g = growGroups(g, reaction(6, 4, onPost), undefined);
    expect(g.map((r) => r.key)).toEqual([
      '7:reaction_on_post',
      'm500:reaction_on_message',
      'c71:reaction_on_comment',
      'c70:reaction_on_comment',
    ]);
    expect(g.find((r) => r.key === 'c70:reaction_on_comment')).toMatchObject({
      count: 2,
      actorCount: 2,
      title: 'Plans',
      excerpt: 'first comment',
    });
    expect(g.find((r) => r.key === 'm500:reaction_on_message')).toMatchObject({
      count: 2,
      actorCount: 2,
      messageId: 500,
    });
    expect(groupCountNoun('reaction_on_post', 3)).toBe('reactions');
    expect(groupCountNoun('comment_on_post', 1)).toBe('comment');
  });

  it('keys every other kind by post, as before', () => {
    expect(notificationGroupKey({ id: 9, kind: 'comment_on_post', postId: 7, commentId: 70 })).toBe(
      '7:comment_on_post',
    );
    expect(notificationGroupKey({ id: 9, kind: 'mention', postId: null, messageId: 5 })).toBe(
      'n9:mention',
    );
  });
});
