import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open-db';

/** 12 lowercase hex digits: 48 random bits, short enough for a cookie name. */
export const FORUM_ID_SHAPE = /^[0-9a-f]{12}$/;

export interface ForumIdResult {
  id: string;
  /** `made`: first start on this database; `replaced`: the stored one was malformed. */
  status: 'kept' | 'made' | 'replaced';
}

/** Facts about the forum itself (db/migrations/003-forum-meta.ts). */
export function createForumMetaStore(db: Db) {
  const get = db.prepare<{ key: string }, { value: string }>(
    'SELECT value FROM forum_meta WHERE key = +:key',
  );
  const put = db.prepare<{ key: string; value: string }, never>(
    `INSERT INTO forum_meta (key, value) VALUES (:key, :value)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );

  /**
   * The forum's id, made once and kept in the database, so it survives restarts and moves
   * with the data folder. A missing or hand-edited value is replaced (which signs everyone
   * out once, as their cookie name changes).
   */
  const ensureForumId = db.transaction((): ForumIdResult => {
    const stored = get.get({ key: 'forum_id' })?.value;
    if (stored !== undefined && FORUM_ID_SHAPE.test(stored)) return { id: stored, status: 'kept' };
    const id = randomBytes(6).toString('hex');
    put.run({ key: 'forum_id', value: id });
    return { id, status: stored === undefined ? 'made' : 'replaced' };
  });

  return { ensureForumId: () => ensureForumId.immediate() };
}
export type ForumMetaStore = ReturnType<typeof createForumMetaStore>;
