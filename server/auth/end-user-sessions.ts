import type { SessionEndReason, Transaction } from '../events/outbox';
import type { UserSessionsStore } from '../store/user-sessions.store';

/**
 * Ends every session of a user, except `keep` (the caller's own, after a password change),
 * inside the caller's write transaction: the sessions are deleted with the change that
 * requires it, and when it commits the live layer closes each one's sockets with 4401
 * (`Committed.sessionsEnded` → `LivePort.deliver` → `endSession`). Used by password changes
 * and resets; a suspension ends sessions the same way. Returns how many ended.
 */
export function endUserSessions(
  tx: Transaction,
  store: UserSessionsStore,
  userId: number,
  reason: SessionEndReason,
  keep?: number,
): number {
  const ended = store.removeAllOf(tx, userId, keep);
  for (const sessionId of ended) tx.sessionEnded({ sessionId, userId, reason });
  return ended.length;
}
