/**
 * Reactions (issue 12): the REST shapes and schemas of `PUT`/`DELETE /api/reactions` and
 * `GET /api/reactions`; the emoji set is in `reaction-set.ts` (zod-free, re-exported).
 */
import { z } from 'zod';
import type { UserRef } from './api';
import {
  REACTION_ITEM_TYPES,
  REACTIONS_BATCH_MAX,
  isReactionEmoji,
  type ReactionItemType,
} from './reaction-set';

export * from './reaction-set';

const itemType = z
  .string({ error: 'type must be post, comment or message' })
  .refine((s) => (REACTION_ITEM_TYPES as readonly string[]).includes(s), {
    error: 'type must be post, comment or message',
  })
  .transform((s) => s as ReactionItemType);

/** The body of `PUT /api/reactions` and `DELETE /api/reactions`. */
export const reactionSchema = z.strictObject({
  type: itemType,
  id: z
    .number({ error: 'id must be a positive whole number' })
    .int({ error: 'id must be a positive whole number' })
    .positive({ error: 'id must be a positive whole number' })
    .max(Number.MAX_SAFE_INTEGER, { error: 'id must be a positive whole number' }),
  emoji: z
    .string({ error: 'emoji is required' })
    .refine(isReactionEmoji, { error: 'That emoji is not one of the reactions' }),
});
export type ReactionRequest = z.infer<typeof reactionSchema>;

/** `GET /api/reactions?type=comment&ids=4,5,9`: the reactions of up to 100 items. */
export const reactionsQuery = z.object({
  type: z.string({ error: 'Give type once' }).pipe(itemType),
  ids: z
    .string({ error: 'ids is required: comma-separated positive whole numbers' })
    .regex(/^[1-9][0-9]{0,14}(,[1-9][0-9]{0,14})*$/, {
      error: 'ids must be comma-separated positive whole numbers',
    })
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .pipe(
      z.array(z.number()).max(REACTIONS_BATCH_MAX, {
        error: `At most ${REACTIONS_BATCH_MAX} ids at a time`,
      }),
    ),
});

/** A feed item's count of one emoji (`PostSummary.reactions`: the same for everyone). */
export interface ReactionCount {
  emoji: string;
  count: number;
}

/** One emoji on one item, as the reader sees it. */
export interface ReactionSummary extends ReactionCount {
  /** Whether the reader is one of them (highlighted; clicking removes it). */
  mine: boolean;
  /** Who reacted, oldest first, at most REACTION_NAMES_SHOWN of them. */
  who: string[];
}

/** An item's reactions, in the order each emoji first appeared. */
export interface ItemReactions {
  type: ReactionItemType;
  id: number;
  reactions: ReactionSummary[];
}

/** `GET /api/reactions`: every requested item the reader can see (unknown ones left out). */
export interface ReactionsList {
  items: ItemReactions[];
}

/** The payload of `reaction.added` and `reaction.removed`. */
export interface ReactionEvent {
  type: ReactionItemType;
  id: number;
  /** A comment's post (so an open thread knows it is one of its own). */
  postId?: number;
  emoji: string;
  user: UserRef;
}
