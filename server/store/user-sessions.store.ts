import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** Exported so store/query-plans.test.ts checks its plan. */
export const USER_SESSIONS_SQL = {
  // Walks sessions_user; `keep` 0 matches no session (ids start at 1).
  removeAllOf: 'DELETE FROM sessions WHERE user_id = :userId AND id != :keep RETURNING id',
} as const;

/** A user's sessions as a whole (ended together: password change or reset, suspension). */
export function createUserSessionsStore(db: Db) {
  const removeAllOf = db.prepare<{ userId: number; keep: number }, { id: number }>(
    USER_SESSIONS_SQL.removeAllOf,
  );
  return {
    /** Deletes the user's sessions except `keep`; returns the ids deleted. */
    removeAllOf: (_tx: WriteTx, userId: number, keep?: number): number[] =>
      removeAllOf.all({ userId, keep: keep ?? 0 }).map((r) => r.id),
  };
}
export type UserSessionsStore = ReturnType<typeof createUserSessionsStore>;
