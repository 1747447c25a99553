import type { Logger } from '../logging/logger';
import { isEmpty, type Committed } from './committed';
import { PublishGate } from './publish-gate';

/** Gets what a transaction committed, after the commit. */
export type CommitListener = (committed: Committed) => void;

/**
 * The one way out of a commit: every listener (the live layer, the feed cache; later a
 * cross-process bus) hears every committed transaction, in commit order, synchronously,
 * before the writer answers its client. A throwing listener is logged and skipped: the
 * write already happened, so it must not turn into an error for the client. A commit made
 * by a listener while it is told of another waits until every listener heard the first,
 * so every listener hears commits in the order they were made.
 */
export class Publisher {
  private readonly listeners: CommitListener[] = [];
  private readonly queue: Committed[] = [];
  private publishing = false;
  /** (live/wal-pipeline.ts) Holds a chat batch's publish until its fsync. */
  readonly gate = new PublishGate();

  constructor(private readonly log: Logger) {}

  /** Returns the function that removes this listener. */
  subscribe(listener: CommitListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  publish(c: Committed): void {
    if (isEmpty(c) || this.gate.intercept(c)) return;
    this.queue.push(c);
    if (this.publishing) return; // the loop below gets to it, after the commit before it
    this.publishing = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(next);
          } catch (err) {
            this.log.error('event listener failed', { err });
          }
        }
      }
    } finally {
      this.publishing = false;
    }
  }
}
