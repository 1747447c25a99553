interface Entry {
  /** The shared page it was made from: a rebuilt page is another Buffer. */
  page: Buffer;
  /** total_changes() when its read state was read: any write since, and it is stale. */
  changes: number;
  body: Buffer;
}

/**
 * Finished feed responses (a reader's read state spliced in front of the shared page), per
 * reader and page, so a reader asking again for a page nothing changed answers with the same
 * bytes: no query, no copy of the page. Bounded in bytes (least recently used first out);
 * an entry holds its page too, which at most doubles the bound.
 */
export class FeedReaderCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The body kept for `key`, if it was made from `page` with nothing written since. */
  get(key: string, page: Buffer, changes: number): Buffer | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    if (e.page !== page || e.changes !== changes) {
      this.#bytes -= e.body.length;
      return undefined;
    }
    // A Map iterates in insertion order: re-inserting on a hit makes it an LRU.
    this.#entries.set(key, e);
    return e.body;
  }

  set(key: string, page: Buffer, changes: number, body: Buffer): void {
    const old = this.#entries.get(key);
    if (old) {
      this.#entries.delete(key);
      this.#bytes -= old.body.length;
    }
    if (body.length > this.maxBytes / 8) return;
    this.#entries.set(key, { page, changes, body });
    this.#bytes += body.length;
    for (const [oldKey, e] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= e.body.length;
    }
  }

  get bytes(): number {
    return this.#bytes;
  }
}
