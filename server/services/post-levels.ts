/**
 * Who hears of a new comment, by per-post level (issue 13, as Discourse does it):
 * - watching: every comment on the post;
 * - normal (the default for the post's author and commenters): comments on your post, and on
 *   a thread you commented in (mentions are the mentions feature's, which asks `allows`);
 * - muted: nothing about the post.
 * Nobody hears of their own comment.
 */
import type { NotificationKind } from '../../common/api';
import type { PostLevel } from '../../common/attention';

export interface LevelsReader {
  levelsOn(postId: number): { userId: number; level: PostLevel }[];
}

export interface CommentRecipient {
  userId: number;
  kind: Extract<NotificationKind, 'comment_on_post' | 'comment_on_thread'>;
  /** Notified because they watch the post (not as its author or a commenter). */
  watching: boolean;
}

export function commentRecipients(input: {
  actorId: number;
  authorId: number;
  participants: readonly number[];
  levels: readonly { userId: number; level: PostLevel }[];
}): CommentRecipient[] {
  const level = new Map(input.levels.map((l) => [l.userId, l.level]));
  const out = new Map<number, CommentRecipient>();
  const add = (userId: number, kind: CommentRecipient['kind'], watching: boolean) => {
    if (userId === input.actorId || out.has(userId) || level.get(userId) === 'muted') return;
    out.set(userId, { userId, kind, watching });
  };
  add(input.authorId, 'comment_on_post', false);
  for (const id of input.participants) add(id, 'comment_on_thread', false);
  for (const [userId, l] of level) if (l === 'watching') add(userId, 'comment_on_thread', true);
  return [...out.values()];
}

/**
 * Whether a notification of `kind` about a post may reach a user at `level` (undefined: no
 * level chosen). For features that notify about a post on their own (mentions): muted stops
 * everything; anything else lets a mention through.
 */
export function levelAllows(level: PostLevel | undefined): boolean {
  return level !== 'muted';
}
