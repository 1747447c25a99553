/**
 * Serialized feed pages, shared by every reader. The feed is the hottest read and the same
 * for everyone, so a page is built once (query + JSON) and served as bytes until something
 * changes it: any new post or comment bumps the version (the publisher's listener in
 * create-outbox.ts, after the commit and before the writer gets its response), so a reader never sees a page older than its own write. The
 * short TTL bounds staleness after edits made outside the server (sqlite3 by hand).
 */
export interface FeedCacheOptions {
  maxBytes: number;
  ttlMs: number;
  clock: () => number;
}

interface Entry {
  version: number;
  storedAt: number;
  body: Buffer;
}

export class FeedCache {
  private version = 0;
  private bytes = 0;
  // A Map iterates in insertion order: re-inserting on a hit makes it an LRU.
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: FeedCacheOptions) {}

  invalidate(): void {
    this.version++;
    this.entries.clear();
    this.bytes = 0;
  }

  /** The cached bytes for `key`, or `build()`'s JSON, stored for the next reader. */
  get(key: string, build: () => unknown): Buffer {
    const now = this.options.clock();
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      if (hit.version === this.version && now - hit.storedAt < this.options.ttlMs) {
        this.entries.set(key, hit);
        return hit.body;
      }
      this.bytes -= hit.body.length;
    }
    const body = Buffer.from(JSON.stringify(build()));
    if (body.length <= this.options.maxBytes / 8) {
      this.entries.set(key, { version: this.version, storedAt: now, body });
      this.bytes += body.length;
      for (const [oldKey, old] of this.entries) {
        if (this.bytes <= this.options.maxBytes) break;
        this.entries.delete(oldKey);
        this.bytes -= old.body.length;
      }
    }
    return body;
  }

  get size(): number {
    return this.entries.size;
  }
}
