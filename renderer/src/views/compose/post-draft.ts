/**
 * The new-post draft, kept per forum and user in localStorage (issue 13): survives reloads and
 * restarts of the app; cleared when the post is published.
 */
import { draftKey } from '../../lib/drafts';

export interface Draft {
  title: string;
  body: string;
  categoryIds: number[];
}

const EMPTY: Draft = { title: '', body: '', categoryIds: [] };

export class PostDraft {
  constructor(private readonly userId: number) {}

  get key(): string {
    return draftKey(this.userId, 'new-post');
  }

  load(): Draft {
    try {
      const raw = localStorage.getItem(this.key);
      if (!raw) return { ...EMPTY };
      const d = JSON.parse(raw) as Partial<Draft>;
      return {
        title: typeof d.title === 'string' ? d.title : '',
        body: typeof d.body === 'string' ? d.body : '',
        categoryIds: Array.isArray(d.categoryIds)
          ? d.categoryIds.filter((x) => Number.isInteger(x))
          : [],
      };
    } catch {
      return { ...EMPTY };
    }
  }

  save(d: Draft): void {
    try {
      if (!d.title && !d.body && d.categoryIds.length === 0) localStorage.removeItem(this.key);
      else localStorage.setItem(this.key, JSON.stringify(d));
    } catch {
      // storage full or disabled: the form still holds the text
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // ignore
    }
  }
}
