import type { Transaction } from '../events/outbox';
import type { ConversationsStore } from '../store/conversations.store';

/**
 * New answers found during one chat batch ("lo:hi" → id): kept by `keep` only once the batch
 * committed, so a conversation made in a batch that rolled back is never remembered.
 */
export type LearntDirects = Map<string, number>;

const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * Private conversations by their two people, for the chat group commit: learnt from committed
 * batches only. A direct conversation is never deleted nor changes its pair, so a committed
 * answer stays true and a send or a read mark skips the lookup.
 */
export class DirectConversations {
  private readonly directs = new Map<string, number>();

  constructor(private readonly conversations: ConversationsStore) {}

  /** After the batch committed: what it found or made is true from now on. */
  keep(learnt: LearntDirects): void {
    for (const [key, id] of learnt) this.directs.set(key, id);
  }

  /**
   * The private conversation of two people, if any: remembered, else looked up (in the open
   * transaction, so one made earlier in this batch is found) and noted in `learnt`, which
   * the caller keeps only if the batch commits.
   */
  find(a: number, b: number, learnt: LearntDirects): number | undefined {
    const key = pairKey(a, b);
    const known = this.directs.get(key) ?? learnt.get(key);
    if (known !== undefined) return known;
    const found = this.conversations.direct(a, b);
    if (found !== undefined) learnt.set(key, found);
    return found;
  }

  /** The private conversation of a send's two people, made at their first message. */
  findOrCreate(
    tx: Transaction,
    senderId: number,
    to: number,
    at: string,
    learnt: LearntDirects,
  ): number | undefined {
    const key = pairKey(senderId, to);
    const known = this.directs.get(key) ?? learnt.get(key);
    if (known !== undefined) return known;
    // Not known: most likely a new pair (made in two statements, no lookup first); else
    // the pair's conversation is looked up once and remembered.
    const id =
      this.conversations.createDirect(tx, {
        pair: [senderId, to],
        createdBy: senderId,
        createdAt: at,
      }) ?? this.conversations.direct(senderId, to);
    if (id !== undefined) learnt.set(key, id);
    return id;
  }
}
