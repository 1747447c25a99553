/**
 * Opening a post where its reader should land (issue 13): tells the server the post was
 * opened (its notifications become read on every device), then scrolls to the asked-for
 * comment (a notification's) or the first one new since the last visit, loading further
 * pages if it is not among the first, and highlights it briefly.
 */
import { tick } from 'svelte';
import { attentionApi } from '../../lib/attention-api';
import { openingComment, takeCommentFocus } from '../../lib/comment-focus';
import type { PostViewState } from '../../state/post-view.svelte';

const HIGHLIGHT_MS = 2400;
/** Pages of 50: a comment past 20 pages opens the post at the top instead. */
const MAX_PAGES = 20;

export async function openAtComment(view: PostViewState): Promise<void> {
  const asked = takeCommentFocus(view.id);
  let previous: number | null = null;
  try {
    previous = (await attentionApi.openPost(view.id)).previousLastCommentId;
  } catch {
    // Read state is a nicety: the post is shown whatever the answer.
  }
  const target = openingComment(
    asked,
    previous,
    view.comments.map((c) => c.id),
  );
  if (target === null) return;
  for (let i = 0; i < MAX_PAGES && !view.comments.some((c) => c.id === target); i++) {
    if (view.nextAfter === null || view.nextAfter >= target) break;
    await view.loadMore();
  }
  await tick();
  const el = document.querySelector<HTMLElement>(`[data-comment-id="${target}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.classList.add('flash');
  el.setAttribute('data-highlighted', 'true');
  setTimeout(() => {
    el.classList.remove('flash');
    el.removeAttribute('data-highlighted');
  }, HIGHLIGHT_MS);
}
