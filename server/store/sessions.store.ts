import type { Db } from '../../db/open-db';
import type { UserRow } from './users.store';
import type { WriteTx } from './write-tx';

/** The user's columns a session check reads: never the password hash. */
export type SessionUser = Omit<UserRow, 'password_hash'>;

/**
 * The user's columns named, not `u.*`: the handshake of every socket runs this (a reconnect
 * storm runs it thousands of times), and the password hash it never needs was the widest.
 */
const SESSION_USER_COLUMNS = `u.id, u.nickname, u.email, u.first_name, u.last_name, u.age, u.gender,
       u.created_at, u.role, u.suspended, u.suspended_until`;

export interface SessionWithUser extends SessionUser {
  session_id: number;
  expires_ms: number;
}

/** A `byTokenHash` row in raw (array) mode, in SESSIONS_SQL.byTokenHash's column order. */
type SessionTuple = [
  sessionId: number,
  expiresMs: number,
  id: number,
  nickname: string,
  email: string,
  firstName: string,
  lastName: string,
  age: number,
  gender: UserRow['gender'],
  createdAt: string,
  role: UserRow['role'],
  suspended: 0 | 1,
  suspendedUntil: string | null,
];

export interface SessionWithUserAndHash extends SessionWithUser {
  /** The token's SHA-256, lowercase hex (as `crypto.hash(…, 'hex')` gives it). */
  token_hex: string;
}

/** Exported so store/query-plans.test.ts checks their plans. */
export const SESSIONS_SQL = {
  /**
   * `+:tokenHash`, not `:tokenHash` (db/README.md "Bound values"): bare, it made every
   * request compile this join again (~50–90 µs under load); the index is still searched.
   */
  byTokenHash: `SELECT s.id AS session_id, s.expires_ms, ${SESSION_USER_COLUMNS}
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = +:tokenHash`,
  /** Every session among several token hashes (a JSON array of hex strings): one query. */
  byTokenHashes: `SELECT s.id AS session_id, s.expires_ms, ${SESSION_USER_COLUMNS}, lower(hex(s.token_hash))
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash IN (SELECT unhex(value) FROM json_each(:hexHashes))`,
  removeExpired: 'DELETE FROM sessions WHERE expires_ms <= +:now RETURNING id, user_id',
  // Walks sessions_user; `keep` 0 matches no session (ids start at 1).
  removeAllOf: 'DELETE FROM sessions WHERE user_id = +:userId AND id != +:keep RETURNING id',
} as const;

const sessionOf = (r: SessionTuple | [...SessionTuple, string]): SessionWithUser => ({
  session_id: r[0],
  expires_ms: r[1],
  id: r[2],
  nickname: r[3],
  email: r[4],
  first_name: r[5],
  last_name: r[6],
  age: r[7],
  gender: r[8],
  created_at: r[9],
  role: r[10],
  suspended: r[11],
  suspended_until: r[12],
});

export function createSessionsStore(db: Db) {
  const insert = db.prepare<
    { tokenHash: Buffer; userId: number; createdMs: number; expiresMs: number },
    { id: number }
  >(
    `INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms)
     VALUES (:tokenHash, :userId, :createdMs, :expiresMs) RETURNING id`,
  );
  // Raw: an array costs the driver less to build than a 13-key row object (every socket's
  // handshake and every REST request runs this); the object is made here instead.
  const byTokenHash = db
    .prepare<{ tokenHash: Buffer }, SessionTuple>(SESSIONS_SQL.byTokenHash)
    .raw();
  // Raw too: a reconnect storm's handshakes are looked up in batches of this (live/handshake-batch.ts).
  const byTokenHashes = db
    .prepare<{ hexHashes: string }, [...SessionTuple, tokenHex: string]>(SESSIONS_SQL.byTokenHashes)
    .raw();

  const renew = db.prepare<{ id: number; expiresMs: number }, never>(
    'UPDATE sessions SET expires_ms = :expiresMs WHERE id = +:id',
  );
  const renewAll = db.transaction((renewals: readonly { id: number; expiresMs: number }[]) => {
    for (const r of renewals) renew.run(r);
  });
  const remove = db.prepare<{ id: number }, { id: number; user_id: number }>(
    'DELETE FROM sessions WHERE id = +:id RETURNING id, user_id',
  );
  const removeExpired = db.prepare<{ now: number }, { id: number; user_id: number }>(
    SESSIONS_SQL.removeExpired,
  );

  const removeAllOf = db.prepare<{ userId: number; keep: number }, { id: number }>(
    SESSIONS_SQL.removeAllOf,
  );

  const nextExpiry = db.prepare<[], { next: number | null }>(
    'SELECT MIN(expires_ms) AS next FROM sessions',
  );

  return {
    insert: (tokenHash: Buffer, userId: number, createdMs: number, expiresMs: number): number =>
      (insert.get({ tokenHash, userId, createdMs, expiresMs }) as { id: number }).id,
    byTokenHash: (tokenHash: Buffer): SessionWithUser | undefined => {
      const r = byTokenHash.get({ tokenHash });
      return r === undefined ? undefined : sessionOf(r);
    },
    /** The sessions of these token hashes (lowercase hex), each with its hash. */
    byTokenHashes: (hexHashes: readonly string[]): SessionWithUserAndHash[] =>
      byTokenHashes
        .all({ hexHashes: JSON.stringify(hexHashes) })
        .map((r) => ({ ...sessionOf(r), token_hex: r[13] })),
    renew: (id: number, expiresMs: number): void => {
      renew.run({ id, expiresMs });
    },
    /** Several renewals in one transaction (one commit): a reconnect storm's batch. */
    renewMany: (renewals: readonly { id: number; expiresMs: number }[]): void => {
      renewAll(renewals);
    },
    /** The deleted session's user, or undefined if it was already gone. */
    remove: (id: number): { id: number; user_id: number } | undefined => remove.get({ id }),
    /**
     * Deletes every session of one user except `keep` (a suspension, a password change or
     * reset), inside the caller's transaction; returns the ids deleted.
     */
    removeAllOf: (_tx: WriteTx, userId: number, keep?: number): number[] =>
      removeAllOf.all({ userId, keep: keep ?? 0 }).map((r) => r.id),
    removeExpired: (now: number): { id: number; user_id: number }[] => removeExpired.all({ now }),
    nextExpiryMs: (): number | null => nextExpiry.get()?.next ?? null,
  };
}
export type SessionsStore = ReturnType<typeof createSessionsStore>;
