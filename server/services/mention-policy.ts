/**
 * Whether one @mention notifies its person: the one decision, pure, so every place a mention
 * can be (posts, comments, messages; rooms next) applies the same rule, and a rule added
 * later (a room's notification level: a mention notifies even at "mentions only", never at
 * "nothing"? that is the rooms merge's call) changes this function and its test only.
 */
export interface MentionFacts {
  /** Who wrote the item. */
  actorId: number;
  /** Who it mentions (an existing user). */
  mentionedId: number;
  /** Whether that person may see the item (a post: everyone; a message: its conversation). */
  canSee: boolean;
  /**
   * Whether the same write already tells that person about this very item (a private
   * message's recipient gets the message itself; a comment's post author gets
   * comment_on_post, which the mention replaces instead, see CommentsService).
   */
  alreadyTold: boolean;
  /**
   * (rooms) Whether that person silenced where the item is: a conversation muted or set to
   * "nothing". "Mentions only" (a public room's default) and "all" still hear a mention.
   */
  silenced?: boolean;
}

export type MentionDecision = 'notify' | 'self' | 'cannot-see' | 'already-told' | 'silenced';

export function mentionDecision(f: MentionFacts): MentionDecision {
  if (f.mentionedId === f.actorId) return 'self';
  if (!f.canSee) return 'cannot-see';
  if (f.alreadyTold) return 'already-told';
  if (f.silenced === true) return 'silenced';
  return 'notify';
}

export const shouldNotifyMention = (f: MentionFacts): boolean => mentionDecision(f) === 'notify';
