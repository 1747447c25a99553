import type { Notification, NotificationKind, UserRef } from '../../common/api';

/** What a notification points at (null: not that kind of item). */
export interface NotificationLink {
  postId: number | null;
  commentId: number | null;
  messageId: number | null;
}

/**
 * A new, unread notification as its `notification` event carries it: only the links it has,
 * and the room when it is about a message in a group or room (mentions, reactions).
 */
export function newNotification(n: {
  id: number;
  kind: NotificationKind;
  actor: UserRef;
  link: NotificationLink;
  room: number | undefined;
  text: string;
  createdAt: string;
}): Notification {
  return {
    id: n.id,
    kind: n.kind,
    actor: { id: n.actor.id, nickname: n.actor.nickname },
    ...(n.link.postId !== null ? { postId: n.link.postId } : {}),
    ...(n.link.commentId !== null ? { commentId: n.link.commentId } : {}),
    ...(n.link.messageId !== null ? { messageId: n.link.messageId } : {}),
    ...(n.room !== undefined ? { conversationId: n.room } : {}),
    text: n.text,
    createdAt: n.createdAt,
    read: false,
  };
}
