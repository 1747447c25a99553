/**
 * Which comment the next opening of a post should scroll to and highlight: set by whatever
 * navigates there (a notification), taken once by the post view. Kept out of the address so
 * the post's URL stays one per post (Back and shared links land on the post itself).
 */
let pending: { postId: number; commentId: number } | null = null;

export function focusCommentNext(postId: number, commentId: number): void {
  pending = { postId, commentId };
}

/** The comment to go to for this post, once; null when none was asked for. */
export function takeCommentFocus(postId: number): number | null {
  const p = pending;
  pending = null;
  return p && p.postId === postId ? p.commentId : null;
}

/**
 * Where a post opens for its reader: the asked-for comment, else the first comment that came
 * after their last visit (none when they never opened it, or nothing is new).
 */
export function openingComment(
  asked: number | null,
  previousLastCommentId: number | null,
  commentIds: readonly number[],
): number | null {
  if (asked !== null) return asked;
  if (previousLastCommentId === null) return null;
  return commentIds.find((id) => id > previousLastCommentId) ?? null;
}
