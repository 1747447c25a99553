/**
 * Which emoji a person may react with, without zod (the renderer imports these at runtime).
 * The server accepts exactly these: a short fixed set keeps counts readable and the picker
 * small, and no arbitrary text is ever stored as a "reaction".
 */

/** The quick set shown under every item. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉'] as const;

/** The picker: the quick set first, then a few more. */
export const ALL_REACTIONS = [
  ...QUICK_REACTIONS,
  '👎',
  '🙏',
  '🔥',
  '👀',
  '✅',
  '💯',
  '🚀',
  '🤔',
  '👏',
  '😍',
  '🙌',
  '😅',
  '🤝',
  '💡',
  '⭐',
  '😎',
  '🥳',
  '😡',
] as const;

/** A 👍 or a ❤️ on a post makes it one of "Posts I liked". */
export const LIKE_REACTIONS = ['👍', '❤️'] as const;

export type ReactionItemType = 'post' | 'comment' | 'message';
export const REACTION_ITEM_TYPES: readonly ReactionItemType[] = ['post', 'comment', 'message'];

/** How many reactors' names a summary carries (shown on hover); the count has them all. */
export const REACTION_NAMES_SHOWN = 10;
/** Items per `GET /api/reactions`. */
export const REACTIONS_BATCH_MAX = 100;

export const isReactionEmoji = (s: string): boolean =>
  (ALL_REACTIONS as readonly string[]).includes(s);
