import type { UserRef } from '../../common/api';
import { addedMentions } from '../../common/mentions';
import type { Transaction } from '../events/outbox';
import type { MessageAccessStore } from '../store/message-access.store';
import type { NotificationsStore } from '../store/notifications.store';
import type { PostsStore } from '../store/posts.store';
import type { UsersStore } from '../store/users.store';
import { shouldNotifyMention } from './mention-policy';
import { newNotification } from './notification-payload';

/** Where a mention is: what its notification links to and who may see it. */
export type MentionPlace =
  | { kind: 'post'; postId: number; title: string }
  | { kind: 'comment'; postId: number; commentId: number; title?: string }
  | { kind: 'message'; messageId: number };

export interface MentionInput {
  /** Who wrote it (the nickname is looked up when a notification needs it and it is absent). */
  actor: { id: number; nickname?: string };
  place: MentionPlace;
  /** The text before an edit (only names it did not mention notify); null for a new item. */
  before: string | null;
  after: string;
  createdAt: string;
  /** People this same write already tells about the item (see MentionFacts.alreadyTold). */
  alreadyTold?: ReadonlySet<number>;
}

/**
 * @mentions → `mention` notifications, written in the caller's transaction with one
 * `notification` event each (so they are live, replayed on resume, and counted as unread).
 * Names nobody has are ignored; whether a person is notified is `shouldNotifyMention`.
 */
export class MentionsNotifier {
  constructor(
    private readonly users: Pick<UsersStore, 'byNickname' | 'byId'>,
    private readonly notifications: NotificationsStore,
    private readonly messageAccess: MessageAccessStore,
    /** A comment's post title, when the caller does not have it at hand (an edit). */
    private readonly posts: Pick<PostsStore, 'byId'>,
  ) {}

  /** The people a text would newly notify (resolved, rules applied); for tests and callers that skip. */
  recipients(input: Omit<MentionInput, 'createdAt'>): number[] {
    const out: number[] = [];
    for (const name of addedMentions(input.before, input.after)) {
      const user = this.users.byNickname(name);
      if (!user || out.includes(user.id)) continue;
      const notify = shouldNotifyMention({
        actorId: input.actor.id,
        mentionedId: user.id,
        canSee: this.canSee(user.id, input.place),
        alreadyTold: input.alreadyTold?.has(user.id) ?? false,
        silenced: this.silenced(user.id, input.place),
      });
      if (notify) out.push(user.id);
    }
    return out;
  }

  /** Writes the notifications and their events; returns who was notified. */
  notify(tx: Transaction, input: MentionInput): number[] {
    const recipients = this.recipients(input);
    const { place, createdAt } = input;
    const actor: UserRef = {
      id: input.actor.id,
      nickname: input.actor.nickname ?? this.users.byId(input.actor.id)?.nickname ?? '',
    };
    if (recipients.length === 0) return recipients;
    const title =
      place.kind === 'message' ? '' : (place.title ?? this.posts.byId(place.postId)?.title ?? '');
    const text = describe(actor.nickname, place.kind, title);
    const room = place.kind === 'message' ? this.messageAccess.roomOf(place.messageId) : undefined;
    for (const userId of recipients) {
      const link = {
        postId: place.kind === 'message' ? null : place.postId,
        commentId: place.kind === 'comment' ? place.commentId : null,
        messageId: place.kind === 'message' ? place.messageId : null,
      };
      const id = this.notifications.insert(tx, {
        userId,
        kind: 'mention',
        actorId: actor.id,
        ...link,
        text,
        createdAt,
      });
      const notification = newNotification({
        id,
        kind: 'mention',
        actor,
        link,
        room,
        text,
        createdAt,
      });
      tx.event('notification', notification, [userId]);
    }
    return recipients;
  }

  /**
   * (issue 13) `userId` read conversation `conversationId` up to message `upTo` (a `chat.read`,
   * in its transaction): the mentions of them in it up to there are read too, and every
   * device of theirs hears it (`notifications.read` with the ids, the new `unread`), so the
   * bell follows the conversation. Nothing unread there writes no event.
   */
  readUpTo(tx: Transaction, userId: number, conversationId: number, upTo: number): number[] {
    const ids = this.notifications.readConversationMentions(tx, { userId, conversationId, upTo });
    if (ids.length === 0) return ids;
    tx.unreadChanged(userId);
    tx.event('notifications.read', { ids }, [userId]);
    return ids;
  }

  /** A message's conversation muted or set to "nothing" by that person (rooms' levels). */
  private silenced(userId: number, place: MentionPlace): boolean {
    if (place.kind !== 'message') return false;
    const level = this.messageAccess.level(userId, place.messageId);
    return level !== undefined && (level.muted || level.notify === 'none');
  }

  /** Posts and comments are the whole forum's; a message is its conversation's. */
  private canSee(userId: number, place: MentionPlace): boolean {
    return place.kind === 'message' ? this.messageAccess.canRead(userId, place.messageId) : true;
  }
}

function describe(actor: string, kind: MentionPlace['kind'], title: string): string {
  switch (kind) {
    case 'post':
      return `${actor} mentioned you in “${title}”`;
    case 'comment':
      return `${actor} mentioned you in a comment on “${title}”`;
    case 'message':
      return `${actor} mentioned you in a message`;
  }
}
