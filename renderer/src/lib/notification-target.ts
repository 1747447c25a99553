import type { Notification } from '@common/api';
import { chatHref, postHref } from './routes';

type Target = Pick<Notification, 'kind' | 'actor' | 'postId' | 'messageId'>;

/**
 * Where a notification leads: its post, or for a mention in a chat message that conversation
 * (a private message's is the chat with its sender; rooms will route theirs here too).
 */
export function notificationRoute(n: Target): string | null {
  if (n.postId !== undefined) return postHref(n.postId);
  if (n.messageId !== undefined) return chatHref(n.actor.nickname);
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
  }
}
