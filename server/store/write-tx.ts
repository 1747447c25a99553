/**
 * Proof that the caller runs inside a write transaction: every store method that writes
 * takes one as its first argument, so "call this inside the transaction" is checked by the
 * compiler instead of a comment. The class is nominal (a protected member), so only the
 * writer's subclass (`events/outbox.ts`: `Writer.write` makes one per transaction) can be
 * passed; an object literal cannot stand in for it.
 */
export abstract class WriteTx {
  protected readonly insideWriteTransaction = true;

  /** True once its transaction committed or rolled back (what it read may be stale then). */
  get finished(): boolean {
    return false;
  }
}
