import { describe, expect, it } from 'vitest';
import { notificationRoute, notificationTitle } from './notification-target';

const actor = { id: 2, nickname: 'mira' };

describe('notification targets', () => {
  it('leads a post or comment mention to the post, a message mention to the chat at it', () => {
    expect(notificationRoute({ kind: 'mention', actor, postId: 7 })).toBe('#/post/7');
    // (issue 13) The conversation opens at the message itself.
    expect(notificationRoute({ kind: 'mention', actor, messageId: 9 })).toBe(
      '#/chat/mira?message=9',
    );
    expect(notificationRoute({ kind: 'mention', actor, messageId: 9, conversationId: 4 })).toBe(
      '#/room/4?message=9',
    );
    expect(notificationRoute({ kind: 'comment_on_post', actor })).toBeNull();
  });
  it('titles a mention by who made it', () => {
    expect(notificationTitle({ kind: 'mention', actor })).toBe('mira mentioned you');
    expect(notificationTitle({ kind: 'post_in_category', actor })).toBe('New post');
    expect(notificationTitle({ kind: 'comment_on_thread', actor })).toBe('New comment');
  });
});
