import type { ReactionItemType, UserRef } from '../../common/api';
import type { Transaction } from '../events/outbox';
import type { AttentionStore } from '../store/attention.store';
import type { MessageAccessStore } from '../store/message-access.store';
import type { NotificationsStore } from '../store/notifications.store';
import type { ReactionOwnersStore } from '../store/reaction-owners.store';
import { newNotification } from './notification-payload';

const KIND = {
  post: 'reaction_on_post',
  comment: 'reaction_on_comment',
  message: 'reaction_on_message',
} as const;

/**
 * "ana and 3 others reacted to your post" (issue 12): a reaction added to someone's post,
 * comment or message notifies its author, one notification per reaction, which the panel
 * groups per item and kind (store/notification-groups.store.ts) and grows live from the
 * `notification` event, written in the reaction's own transaction (the outbox).
 *
 * Nobody is notified of a reaction to their own item, nor of a reaction removed; an author
 * who muted the post (per-post level) or the conversation (muted or "nothing") hears nothing.
 */
export class ReactionNotifier {
  constructor(
    private readonly owners: ReactionOwnersStore,
    private readonly notifications: NotificationsStore,
    private readonly attention: Pick<AttentionStore, 'levelOf'>,
    private readonly messageAccess: Pick<MessageAccessStore, 'level' | 'roomOf' | 'canRead'>,
  ) {}

  /** Called inside the transaction that added the reaction; returns who was notified. */
  added(
    tx: Transaction,
    actor: UserRef,
    item: { type: ReactionItemType; id: number; emoji: string },
    createdAt: string,
  ): number | null {
    const owned = this.owners.of(item.type, item.id);
    if (!owned || owned.ownerId === actor.id) return null;
    const ownerId = owned.ownerId;
    if (owned.postId !== null && this.attention.levelOf(ownerId, owned.postId) === 'muted') {
      return null;
    }
    if (item.type === 'message') {
      // A sender who left the room no longer sees the message, nor hears of it.
      if (!this.messageAccess.canRead(ownerId, item.id)) return null;
      const level = this.messageAccess.level(ownerId, item.id);
      if (level && (level.muted || level.notify === 'none')) return null;
    }
    const kind = KIND[item.type];
    const text = describe(actor.nickname, item.type, item.emoji, owned.title);
    const link = {
      postId: owned.postId,
      commentId: item.type === 'comment' ? item.id : null,
      messageId: item.type === 'message' ? item.id : null,
    };
    const id = this.notifications.insert(tx, {
      userId: ownerId,
      kind,
      actorId: actor.id,
      ...link,
      text,
      createdAt,
    });
    const room = item.type === 'message' ? this.messageAccess.roomOf(item.id) : undefined;
    const notification = newNotification({
      id,
      kind,
      actor,
      link,
      room,
      text,
      createdAt,
    });
    tx.event('notification', notification, [ownerId]);
    return ownerId;
  }
}

function describe(actor: string, type: ReactionItemType, emoji: string, title: string): string {
  switch (type) {
    case 'post':
      return `${actor} reacted ${emoji} to your post “${title}”`;
    case 'comment':
      return `${actor} reacted ${emoji} to your comment on “${title}”`;
    case 'message':
      return `${actor} reacted ${emoji} to your message`;
  }
}
