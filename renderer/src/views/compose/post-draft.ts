/** The new-post draft, kept per user in sessionStorage: survives reloads, not the tab. */
export interface Draft {
  title: string;
  body: string;
  categoryIds: number[];
}

const EMPTY: Draft = { title: '', body: '', categoryIds: [] };

export class PostDraft {
  constructor(private readonly userId: number) {}

  get key(): string {
    return `hearth.draft.${this.userId}`;
  }

  load(): Draft {
    try {
      const raw = sessionStorage.getItem(this.key);
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
      if (!d.title && !d.body && d.categoryIds.length === 0) sessionStorage.removeItem(this.key);
      else sessionStorage.setItem(this.key, JSON.stringify(d));
    } catch {
      // storage full or disabled: the form still holds the text
    }
  }

  clear(): void {
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      // ignore
    }
  }
}
