/**
 * The header's search: what was typed, the grouped results of the latest query (an older
 * answer arriving late is dropped), and "more" of one kind.
 */
import type { SearchKind, SearchResults } from '@common/api';
import { errorMessage } from '../lib/api';
import { searchApi } from '../lib/rich-api';

const DEBOUNCE_MS = 150;

export class SearchState {
  query = $state('');
  results = $state<SearchResults | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #abort: AbortController | null = null;

  /** As the person types: searches once they pause. */
  input(q: string): void {
    this.query = q;
    if (this.#timer) clearTimeout(this.#timer);
    if (q.trim() === '') {
      this.#abort?.abort();
      this.results = null;
      this.loading = false;
      return;
    }
    this.#timer = setTimeout(() => void this.#run(q), DEBOUNCE_MS);
  }

  async more(kind: SearchKind): Promise<void> {
    const group = this.results?.[kind];
    if (!this.results || !group || group.nextBefore === null) return;
    const q = this.results.query;
    try {
      const page = await searchApi.search(q, { kind, before: group.nextBefore });
      const next = page[kind];
      if (this.results?.query !== q || !next) return;
      // One kind's items are of one type: the union's cast is only to say so.
      (group.items as unknown[]).push(...next.items);
      group.nextBefore = next.nextBefore;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  clear(): void {
    this.input('');
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#abort?.abort();
  }

  async #run(q: string): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      const results = await searchApi.search(q, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.results = results;
    } catch (e) {
      if (abort.signal.aborted) return;
      this.error = errorMessage(e);
    } finally {
      if (!abort.signal.aborted) this.loading = false;
    }
  }
}
