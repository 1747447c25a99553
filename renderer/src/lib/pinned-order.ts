/**
 * Where a changed post goes in a feed that shows pinned posts first (newest pin first) and
 * the rest newest first, as GET /api/posts pages it (docs/api.md). Pure, for `post.updated`.
 */
import type { PostSummary } from '@common/api';

/**
 * `posts` with `post` applied. `complete`: every older page is loaded (the feed has no
 * `nextBefore`), so an unpinned post older than the last one shown still belongs in it.
 * Unchanged pin: replaced in place. Newly pinned: to the top (also when it was not shown).
 * Unpinned: back to its place by id, if that place is in the loaded range; else it waits for
 * its page.
 */
export function placeUpdated(
  posts: readonly PostSummary[],
  post: PostSummary,
  complete: boolean,
): PostSummary[] {
  const current = posts.find((p) => p.id === post.id);
  if (current && current.pinned === post.pinned) {
    return posts.map((p) => (p.id === post.id ? post : p));
  }
  const rest = posts.filter((p) => p.id !== post.id);
  const pinned = rest.filter((p) => p.pinned);
  const others = rest.filter((p) => !p.pinned);
  if (post.pinned) return [post, ...pinned, ...others];
  const oldest = others.at(-1)?.id;
  if (!complete && (oldest === undefined || post.id < oldest)) return [...pinned, ...others];
  const at = others.findIndex((p) => p.id < post.id);
  others.splice(at === -1 ? others.length : at, 0, post);
  return [...pinned, ...others];
}
