import type { ConversationsStore } from './conversations.store';
import type { WriteTx } from './write-tx';

/** Conversations whose members are remembered at most; past it the memory starts afresh. */
const MAX_CACHED = 5000;

/** What a conversation's events need to know of it; none of it ever changes. */
export interface ConversationTarget {
  kind: 'direct' | 'group' | 'room';
  user_lo: number | null;
  user_hi: number | null;
}

/**
 * The conversations store, with each conversation's members remembered for its events'
 * audience (`audience`), so a message to a room of 1,000 does not read 1,000 rows.
 *
 * Membership changes only through `addMember` and `removeMember` (conversation rows are
 * never deleted), and both forget the conversation here at once, inside the transaction that
 * makes the change: removal cuts delivery at the next event. While that transaction is
 * still open (it may roll back) its conversation is read from the database every time and
 * not remembered; the first read after it ended remembers the committed members again.
 */
export function withAudienceCache<S extends ConversationsStore>(store: S) {
  const members = new Map<number, readonly number[]>();
  const targets = new Map<number, ConversationTarget>();
  /** Conversations changed by a transaction, until it is seen to have ended. */
  const changedBy = new Map<number, WriteTx>();

  const forget = (tx: WriteTx, id: number): void => {
    members.delete(id);
    changedBy.set(id, tx);
  };

  return {
    ...store,
    addMember: (tx: WriteTx, q: { id: number; userId: number; at: string; lastReadId: number }) => {
      forget(tx, q.id);
      return store.addMember(tx, q);
    },
    removeMember: (tx: WriteTx, id: number, userId: number) => {
      forget(tx, id);
      return store.removeMember(tx, id, userId);
    },
    /** Kind and pair of a conversation (they never change), remembered once found. */
    target: (id: number): ConversationTarget | undefined => {
      const known = targets.get(id);
      if (known !== undefined) return known;
      const row = store.get(id);
      if (row === undefined) return undefined;
      const target = { kind: row.kind, user_lo: row.user_lo, user_hi: row.user_hi };
      if (targets.size >= MAX_CACHED) targets.clear();
      targets.set(id, target);
      return target;
    },
    /**
     * The members now (as `members`, shared and read-only), for an event written in `tx`:
     * what `tx` itself (or another transaction still open) changed is read, not remembered.
     */
    audience: (_tx: WriteTx, id: number): readonly number[] => {
      const changer = changedBy.get(id);
      if (changer !== undefined) {
        if (!changer.finished) return store.members(id);
        changedBy.delete(id);
      }
      let found = members.get(id);
      if (found === undefined) {
        found = Object.freeze(store.members(id));
        if (members.size >= MAX_CACHED) members.clear();
        members.set(id, found);
      }
      return found;
    },
  };
}
