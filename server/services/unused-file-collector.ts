import type { Publisher } from '../events/outbox';
import type { BlobStore } from '../files/blob-store';
import type { Logger } from '../logging/logger';
import type { UploadsStore } from '../store/uploads.store';

/**
 * Frees the bytes of files nothing refers to any more: a write that deletes an upload row
 * notes its hash (`release`), and right after the commit the hash's file is unlinked unless
 * another upload still uses it (uploads with the same bytes share one file).
 */
export class UnusedFileCollector {
  /** Hashes released by a write; checked (and unlinked if unused) right after its commit. */
  private readonly released = new Set<string>();

  constructor(
    private readonly uploads: UploadsStore,
    private readonly blobs: BlobStore,
    publisher: Publisher,
    private readonly log: Logger,
  ) {
    // After every commit, in the same turn of the event loop as the commit itself: nothing
    // can reference the bytes again between the check and the unlink (blob-store.ts).
    publisher.subscribe(() => this.collect());
  }

  /** Inside the write that deleted an upload row using these bytes. */
  release(sha256: string): void {
    this.released.add(sha256);
  }

  private collect(): void {
    if (this.released.size === 0) return;
    for (const sha of this.released) {
      if (this.uploads.shaInUse(sha)) continue;
      try {
        this.blobs.remove(sha);
      } catch (err) {
        this.log.warn('could not remove an unused file', { sha, err });
      }
    }
    this.released.clear();
  }
}
