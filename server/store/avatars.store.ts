import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** Which avatar image (by content hash) each user set. */
export function createAvatarsStore(db: Db) {
  const get = db
    .prepare<{ userId: number }, string>('SELECT sha256 FROM user_avatars WHERE user_id = +:userId')
    .pluck();
  const all = db.prepare<[], { user_id: number; sha256: string }>(
    'SELECT user_id, sha256 FROM user_avatars',
  );
  const set = db.prepare<{ userId: number; sha256: string; updatedMs: number }, never>(
    `INSERT INTO user_avatars (user_id, sha256, updated_ms) VALUES (:userId, :sha256, :updatedMs)
     ON CONFLICT (user_id) DO UPDATE SET sha256 = excluded.sha256, updated_ms = excluded.updated_ms`,
  );
  const remove = db.prepare<{ userId: number }, never>(
    'DELETE FROM user_avatars WHERE user_id = +:userId',
  );
  const inUse = db
    .prepare<{ sha256: string }, number>(
      'SELECT 1 FROM user_avatars WHERE sha256 = +:sha256 LIMIT 1',
    )
    .pluck();
  return {
    of: (userId: number): string | undefined => get.get({ userId }),
    /** Every user with an avatar: a few thousand rows at most on a LAN forum. */
    all: (): Record<number, string> =>
      Object.fromEntries(all.all().map((r) => [r.user_id, r.sha256])),
    set: (_tx: WriteTx, userId: number, sha256: string, updatedMs: number): void =>
      void set.run({ userId, sha256, updatedMs }),
    remove: (_tx: WriteTx, userId: number): boolean => remove.run({ userId }).changes > 0,
    inUse: (sha256: string): boolean => inUse.get({ sha256 }) !== undefined,
  };
}
export type AvatarsStore = ReturnType<typeof createAvatarsStore>;
