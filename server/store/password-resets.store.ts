import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** Why a link stopped working before its expiry (password_resets.ended_reason). */
export type ResetEndReason = 'used' | 'replaced' | 'password_changed';

export interface PasswordResetRow {
  id: number;
  user_id: number;
  nickname: string;
  expires_ms: number;
  ended_reason: ResetEndReason | null;
}

/** Password-reset links (migration 009): only the token's SHA-256 is stored. */
export function createPasswordResetsStore(db: Db) {
  const insert = db.prepare<
    { userId: number; tokenHash: Buffer; createdBy: number; createdMs: number; expiresMs: number },
    never
  >(
    `INSERT INTO password_resets (user_id, token_hash, created_by, created_ms, expires_ms)
     VALUES (:userId, :tokenHash, :createdBy, :createdMs, :expiresMs)`,
  );
  const byTokenHash = db.prepare<{ tokenHash: Buffer }, PasswordResetRow>(
    `SELECT r.id, r.user_id, u.nickname, r.expires_ms, r.ended_reason
     FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = +:tokenHash`,
  );
  // The partial index password_resets_open holds exactly the links still open.
  const endOpen = db.prepare<{ userId: number; now: number; reason: ResetEndReason }, never>(
    `UPDATE password_resets SET ended_ms = :now, ended_reason = :reason
     WHERE user_id = +:userId AND ended_ms IS NULL`,
  );
  // Ends one link only if it is still open: the single use is decided here, in the writer's
  // transaction, so two racing uses cannot both succeed.
  const use = db.prepare<{ id: number; now: number }, never>(
    `UPDATE password_resets SET ended_ms = :now, ended_reason = 'used'
     WHERE id = +:id AND ended_ms IS NULL AND expires_ms > +:now`,
  );

  return {
    insert: (
      _tx: WriteTx,
      r: {
        userId: number;
        tokenHash: Buffer;
        createdBy: number;
        createdMs: number;
        expiresMs: number;
      },
    ): void => {
      insert.run(r);
    },
    byTokenHash: (tokenHash: Buffer): PasswordResetRow | undefined =>
      byTokenHash.get({ tokenHash }),
    /** Ends every open link of the user (a newer link, or a password change). */
    endOpen: (_tx: WriteTx, userId: number, now: number, reason: ResetEndReason): void => {
      endOpen.run({ userId, now, reason });
    },
    /** Marks the link used; false when it was no longer open (used, replaced or expired). */
    use: (_tx: WriteTx, id: number, now: number): boolean => use.run({ id, now }).changes === 1,
  };
}
export type PasswordResetsStore = ReturnType<typeof createPasswordResetsStore>;
