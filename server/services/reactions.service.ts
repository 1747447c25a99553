import type { EventAudience } from '../events/event-log';
import type {
  ItemReactions,
  ReactionEvent,
  ReactionItemType,
  ReactionRequest,
  ReactionsList,
  UserRef,
} from '../../common/api';
import type { Transaction, Writer } from '../events/outbox';
import type { MessageAccessStore } from '../store/message-access.store';
import type { ReactionsStore } from '../store/reactions.store';
import { notFound } from './item-rules';
import type { ReactionNotifier } from './reaction-notifications';

export interface ReactionsDeps {
  reactions: ReactionsStore;
  messageAccess: MessageAccessStore;
  writer: Writer;
  clock: () => number;
  /** (issue 12) Tells an item's author of a reaction added to it; absent in some tests. */
  notifier?: Pick<ReactionNotifier, 'added'>;
}

interface Target {
  /** Who hears of it: null for everyone (posts and comments), else the conversation. */
  audience: EventAudience;
  postId?: number;
}

const WHAT: Record<ReactionItemType, string> = {
  post: 'post',
  comment: 'comment',
  message: 'message',
};

/**
 * Reactions on posts, comments and messages. Anyone who can see an item may react to it
 * (their own too, as in Mattermost and Slack), whatever their role: a reaction is the
 * reader's own mark, not a change to the item. A message someone cannot read is NOT_FOUND,
 * never FORBIDDEN, so its existence is not told. Adding what is there, or removing what is
 * not, changes nothing and writes no event (a retried click is harmless).
 */
export class ReactionsService {
  constructor(private readonly d: ReactionsDeps) {}

  add(user: UserRef, input: ReactionRequest): ItemReactions {
    return this.change(user, input, 'reaction.added');
  }

  remove(user: UserRef, input: ReactionRequest): ItemReactions {
    return this.change(user, input, 'reaction.removed');
  }

  /** The reactions of the items the reader can see (others are left out, as if unknown). */
  list(viewerId: number, type: ReactionItemType, ids: readonly number[]): ReactionsList {
    const visible =
      type === 'post'
        ? this.d.reactions.readablePosts(ids)
        : type === 'comment'
          ? this.d.reactions.readableComments(ids)
          : ids.filter((id) => this.d.messageAccess.canRead(viewerId, id));
    return { items: this.d.reactions.summaries(type, visible, viewerId) };
  }

  private change(
    user: UserRef,
    input: ReactionRequest,
    type: 'reaction.added' | 'reaction.removed',
  ): ItemReactions {
    const target = this.target(user.id, input);
    const key = { type: input.type, id: input.id, emoji: input.emoji, userId: user.id };
    const at = new Date(this.d.clock()).toISOString();
    this.d.writer.write((tx: Transaction) => {
      const changed =
        type === 'reaction.added'
          ? this.d.reactions.add(tx, key, at)
          : this.d.reactions.remove(tx, key);
      if (!changed) return;
      // `type` first: the feed cache tells a post's reaction by it (events/committed.ts).
      const payload: ReactionEvent = {
        type: input.type,
        id: input.id,
        ...(target.postId !== undefined ? { postId: target.postId } : {}),
        emoji: input.emoji,
        user: { id: user.id, nickname: user.nickname },
      };
      tx.event(type, payload, target.audience);
      // Only an added reaction notifies (its author, grouped per item in the panel).
      if (type === 'reaction.added') this.d.notifier?.added(tx, user, input, at);
    });
    const [summary] = this.d.reactions.summaries(input.type, [input.id], user.id);
    return summary ?? { type: input.type, id: input.id, reactions: [] };
  }

  /** The item, if the user can see it and it is not deleted; else NOT_FOUND. */
  private target(userId: number, { type, id }: ReactionRequest): Target {
    if (type === 'post') {
      if (this.d.reactions.livePost(id)) return { audience: null };
    } else if (type === 'comment') {
      const postId = this.d.reactions.liveCommentPost(id);
      if (postId !== undefined) return { audience: null, postId };
    } else if (this.d.messageAccess.canRead(userId, id) && this.d.reactions.liveMessage(id)) {
      const audience = this.d.messageAccess.audience(id);
      if (audience) return { audience };
    }
    throw notFound(WHAT[type], id);
  }
}
