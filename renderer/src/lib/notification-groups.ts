/**
 * Live growth of the grouped notifications (pure, tested): a `notification` event joins the
 * row of its post and kind, which moves to the top; a row that was all read starts over with
 * the new one (it speaks of what is new, as the server's page does).
 */
import type { Notification } from '@common/api';
import {
  GROUP_ACTORS_SHOWN,
  notificationGroupKey,
  type NotificationGroup,
} from '@common/attention';

/** The quoted title in a notification's sentence (“…”), as the server writes it. */
export function titleOf(text: string): string {
  const open = text.indexOf('“');
  const close = text.lastIndexOf('”');
  return open >= 0 && close > open ? text.slice(open + 1, close) : '';
}

/** A mention in a chat message: where its row leads (see lib/notification-target.ts). */
const messageOf = (n: Notification): Pick<NotificationGroup, 'messageId' | 'conversationId'> => ({
  ...(n.messageId !== undefined ? { messageId: n.messageId } : {}),
  ...(n.conversationId !== undefined ? { conversationId: n.conversationId } : {}),
});

export function growGroups(
  items: readonly NotificationGroup[],
  n: Notification,
  excerpt: string | undefined,
): NotificationGroup[] {
  const postId = n.postId ?? null;
  const key = notificationGroupKey(n);
  const old = items.find((g) => g.key === key);
  const actor = { id: n.actor.id, nickname: n.actor.nickname };
  let next: NotificationGroup;
  if (old && old.latestId >= n.id) return [...items];
  if (old && old.unread > 0) {
    const known = old.actors.some((a) => a.id === actor.id);
    next = {
      ...old,
      actors: [actor, ...old.actors.filter((a) => a.id !== actor.id)].slice(0, GROUP_ACTORS_SHOWN),
      // An actor hidden behind "and N others" cannot be told from a new one here; the next
      // page load corrects the count.
      actorCount: known ? old.actorCount : old.actorCount + 1,
      count: old.count + 1,
      unread: old.unread + 1,
      latestId: n.id,
      commentId: n.commentId ?? null,
      ...messageOf(n),
      excerpt: excerpt ?? old.excerpt,
      createdAt: n.createdAt,
      text: n.text,
    };
  } else {
    next = {
      key,
      kind: n.kind,
      postId,
      title: old?.title ?? titleOf(n.text),
      actors: [actor],
      actorCount: 1,
      count: 1,
      unread: n.read ? 0 : 1,
      latestId: n.id,
      commentId: n.commentId ?? null,
      ...messageOf(n),
      excerpt: excerpt ?? '',
      createdAt: n.createdAt,
      text: n.text,
    };
  }
  return [next, ...items.filter((g) => g.key !== key)];
}

/** The rows a `notifications.read` event clears (a post's, or all). */
export function readGroups(
  items: readonly NotificationGroup[],
  read: { postId?: number; all?: true },
): NotificationGroup[] {
  return items.map((g) =>
    g.unread > 0 && (read.all || (read.postId !== undefined && g.postId === read.postId))
      ? { ...g, unread: 0 }
      : g,
  );
}
