import type { Notification } from '@common/api';
import { chatHref, postHref, roomHref } from './routes';

type Target = Pick<Notification, 'kind' | 'actor' | 'postId' | 'messageId' | 'conversationId'>;

/**
 * Where a notification leads: its post, or for a mention in a chat message that conversation
 * at that message (a group's or room's page; a private message's is the chat with its sender).
 */
export function notificationRoute(n: Target): string | null {
  if (n.postId !== undefined) return postHref(n.postId);
  // (issue 13) At the message itself, scrolled to and marked.
  if (n.conversationId !== undefined) return roomHref(n.conversationId, n.messageId);
  if (n.messageId !== undefined) return chatHref(n.actor.nickname, n.messageId);
  return null;
}

/** The heading of its OS notification or toast. */
export function notificationTitle(n: Target): string {
  switch (n.kind) {
    case 'mention':
      return `${n.actor.nickname} mentioned you`;
    case 'post_in_category':
      return 'New post';
    case 'comment_on_post':
    case 'comment_on_thread':
      return 'New comment';
    case 'reaction_on_post':
    case 'reaction_on_comment':
    case 'reaction_on_message':
      return `${n.actor.nickname} reacted`;
  }
}
