import type { Committed } from './outbox';

/**
 * What lets a commit be published later than it was made (the chat group commit's
 * pipelined fsync, server/live/wal-pipeline.ts), without breaking the publisher's promise
 * that listeners hear commits in commit order:
 * - `capture` collects what a write publishes instead of telling it, for `Publisher.publish`
 *   once the write is durable;
 * - `setBefore` names what runs before any other publish: the held batch made durable and
 *   published first, so no client hears a later event before an earlier one.
 */
export class PublishGate {
  private captured: Committed[] | null = null;
  private before: (() => void) | null = null;

  /** Runs `fn` (a write committed without its fsync) and returns what it published. */
  capture<T>(fn: () => T): { value: T; committed: Committed[] } {
    const committed: Committed[] = [];
    this.captured = committed;
    try {
      return { value: fn(), committed };
    } finally {
      this.captured = null;
    }
  }

  setBefore(fn: (() => void) | null): void {
    this.before = fn;
  }

  /** Called by Publisher.publish: true when `c` was captured (not to be told now). */
  intercept(c: Committed): boolean {
    if (this.captured) {
      this.captured.push(c);
      return true;
    }
    this.before?.();
    return false;
  }
}
