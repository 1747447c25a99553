/**
 * The Markdown renderer, loaded once on demand (its chunk is ~40 KB gzip, kept out of the
 * first bundle). Until it arrives, RichText paints the same text plainly; once it has, every
 * later render is synchronous, so only the very first paint after a cold start can change.
 */
import type * as Render from './render';

type RenderModule = typeof Render;

class MarkdownLoader {
  current: RenderModule | null = $state(null);
  private pending: Promise<RenderModule> | null = null;

  /** Starts the download (idempotent); the shell calls it early, RichText when it mounts. */
  load(): Promise<RenderModule> {
    this.pending ??= import('./render').then((m) => (this.current = m));
    return this.pending;
  }
}

export const markdown = new MarkdownLoader();
