import type { Revision, RevisionItemType } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** A version being replaced (an edit) or the last one of a deleted item. */
export interface NewRevision {
  itemType: RevisionItemType;
  itemId: number;
  title: string | null;
  body: string;
  categoryIds: readonly number[] | null;
  writtenAt: string;
  replacedAt: string;
  replacedBy: number;
  reason: 'edit' | 'delete';
}

interface RevisionRow {
  id: number;
  item_type: RevisionItemType;
  item_id: number;
  title: string | null;
  body: string;
  category_ids: string | null;
  written_at: string;
  replaced_at: string;
  replaced_by: number;
  replaced_by_nickname: string;
  reason: 'edit' | 'delete';
}

const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  itemType: r.item_type,
  itemId: r.item_id,
  ...(r.title !== null ? { title: r.title } : {}),
  ...(r.category_ids !== null ? { categoryIds: JSON.parse(r.category_ids) as number[] } : {}),
  body: r.body,
  writtenAt: r.written_at,
  replacedAt: r.replaced_at,
  replacedBy: { id: r.replaced_by, nickname: r.replaced_by_nickname },
  reason: r.reason,
});

/** Exported so store/query-plans.test.ts checks their plans. */
export const REVISIONS_SQL = {
  list: `SELECT r.id, r.item_type, r.item_id, r.title, r.body, r.category_ids, r.written_at,
       r.replaced_at, r.replaced_by, u.nickname AS replaced_by_nickname, r.reason
     FROM revisions r JOIN users u ON u.id = r.replaced_by
     WHERE r.item_type = +:itemType AND r.item_id = +:itemId ORDER BY r.id`,
  // The oldest rows past their date, a batch at a time (the partial index, in date order).
  purgeDue: `DELETE FROM revisions WHERE id IN (SELECT id FROM revisions
     WHERE purge_at_ms IS NOT NULL AND purge_at_ms <= +:nowMs ORDER BY purge_at_ms LIMIT +:batch)`,
} as const;

/** Earlier versions of posts, comments and messages (migration 007). */
export function createRevisionsStore(db: Db) {
  const insert = db.prepare<
    Omit<NewRevision, 'categoryIds'> & { categoryIds: string | null },
    never
  >(
    `INSERT INTO revisions (item_type, item_id, title, body, category_ids, written_at,
       replaced_at, replaced_by, reason)
     VALUES (:itemType, :itemId, :title, :body, :categoryIds, :writtenAt, :replacedAt,
       :replacedBy, :reason)`,
  );
  const list = db.prepare<{ itemType: RevisionItemType; itemId: number }, RevisionRow>(
    REVISIONS_SQL.list,
  );
  const setPurge = db.prepare<
    { itemType: RevisionItemType; itemId: number; purgeAtMs: number | null },
    never
  >(
    `UPDATE revisions SET purge_at_ms = :purgeAtMs
     WHERE item_type = +:itemType AND item_id = +:itemId`,
  );
  const lastDelete = db.prepare<
    { itemType: RevisionItemType; itemId: number },
    { id: number; title: string | null; body: string }
  >(
    `SELECT id, title, body FROM revisions
     WHERE item_type = +:itemType AND item_id = +:itemId AND reason = 'delete'
     ORDER BY id DESC LIMIT 1`,
  );
  const remove = db.prepare<{ id: number }, never>('DELETE FROM revisions WHERE id = +:id');
  const purgeDue = db.prepare<{ nowMs: number; batch: number }, never>(REVISIONS_SQL.purgeDue);

  return {
    insert: (_tx: WriteTx, r: NewRevision): void => {
      insert.run({
        ...r,
        categoryIds: r.categoryIds === null ? null : JSON.stringify(r.categoryIds),
      });
    },
    /** Oldest first. */
    list: (itemType: RevisionItemType, itemId: number): Revision[] =>
      list.all({ itemType, itemId }).map(toRevision),
    /** Every revision of the item goes at `purgeAtMs` (a delete), or stays (null: a restore). */
    setPurge: (
      _tx: WriteTx,
      itemType: RevisionItemType,
      itemId: number,
      purgeAtMs: number | null,
    ): void => {
      setPurge.run({ itemType, itemId, purgeAtMs });
    },
    /** The version a delete kept (undefined once purged). */
    lastDelete: (
      itemType: RevisionItemType,
      itemId: number,
    ): { id: number; title: string | null; body: string } | undefined =>
      lastDelete.get({ itemType, itemId }),
    remove: (_tx: WriteTx, id: number): void => {
      remove.run({ id });
    },
    /**
     * Not a WriteTx write: upkeep, like pruning the event log (one autocommit DELETE that
     * nothing depends on and nobody hears of). Removes up to `batch` revisions past their
     * date; returns how many went.
     */
    purgeDue: (nowMs: number, batch: number): number => purgeDue.run({ nowMs, batch }).changes,
  };
}
export type RevisionsStore = ReturnType<typeof createRevisionsStore>;
