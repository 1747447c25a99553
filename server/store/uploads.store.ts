import type { Attachment } from '../../common/files';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

export type ItemKind = 'post' | 'comment' | 'message';

export interface NewUpload {
  uploaderId: number;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  width: number | null;
  height: number | null;
  createdMs: number;
}

/** What a file request needs: the bytes' hash, how to serve them, and what they hang on. */
export interface UploadRecord extends Attachment {
  uploaderId: number;
  sha256: string;
  item: { kind: ItemKind; id: number } | null;
}

interface UploadRow {
  id: number;
  uploader_id: number;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  width: number | null;
  height: number | null;
  item_kind: ItemKind | null;
  item_id: number | null;
}

const toAttachment = (r: Omit<UploadRow, 'uploader_id' | 'item_kind' | 'item_id'>): Attachment => ({
  id: r.id,
  name: r.name,
  size: r.size,
  mime: r.mime,
  kind: r.width !== null ? 'image' : 'file',
  width: r.width,
  height: r.height,
});

/** Exported so store/files-query-plans.test.ts checks their plans. */
export const UPLOADS_SQL = {
  byId: `SELECT u.id, u.uploader_id, u.sha256, u.size, u.mime, u.name, u.width, u.height,
           a.item_kind, a.item_id
         FROM uploads u LEFT JOIN attachments a ON a.upload_id = u.id WHERE u.id = +:id`,
  // The daily quota: a user's bytes of the last 24 hours.
  bytesSince: `SELECT coalesce(sum(size), 0) AS bytes, min(created_ms) AS oldest
               FROM uploads WHERE uploader_id = +:uploaderId AND created_ms > +:since`,
  forItem: `SELECT u.id, u.sha256, u.size, u.mime, u.name, u.width, u.height
            FROM attachments a JOIN uploads u ON u.id = a.upload_id
            WHERE a.item_kind = +:kind AND a.item_id = +:itemId ORDER BY a.position`,
  shaInUse: 'SELECT 1 FROM uploads WHERE sha256 = +:sha256 LIMIT 1',
  // Uploads never attached, left behind after a day (a composer closed before sending).
  stale: `SELECT u.id, u.sha256 FROM uploads u
          WHERE u.created_ms < +:before AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.upload_id = u.id)
          LIMIT 500`,
} as const;

/** Uploads (one row per upload, the bytes content-addressed on disk) and attachments. */
export function createUploadsStore(db: Db) {
  const insert = db.prepare<NewUpload, never>(
    `INSERT INTO uploads (uploader_id, sha256, size, mime, name, width, height, created_ms)
     VALUES (:uploaderId, :sha256, :size, :mime, :name, :width, :height, :createdMs)`,
  );
  const byId = db.prepare<{ id: number }, UploadRow>(UPLOADS_SQL.byId);
  const bytesSince = db.prepare<
    { uploaderId: number; since: number },
    { bytes: number; oldest: number | null }
  >(UPLOADS_SQL.bytesSince);
  const forItem = db.prepare<
    { kind: ItemKind; itemId: number },
    Omit<UploadRow, 'uploader_id' | 'item_kind' | 'item_id'>
  >(UPLOADS_SQL.forItem);
  const attach = db.prepare<
    { uploadId: number; kind: ItemKind; itemId: number; position: number },
    never
  >(
    `INSERT INTO attachments (upload_id, item_kind, item_id, position)
     VALUES (:uploadId, :kind, :itemId, :position)`,
  );
  const shaInUse = db.prepare<{ sha256: string }, number>(UPLOADS_SQL.shaInUse).pluck();
  const deleteForItem = db.prepare<{ kind: ItemKind; itemId: number }, { sha256: string }>(
    `DELETE FROM uploads WHERE id IN
       (SELECT upload_id FROM attachments WHERE item_kind = +:kind AND item_id = +:itemId)
     RETURNING sha256`,
  );
  const deleteForPostComments = db.prepare<{ postId: number }, { sha256: string }>(
    `DELETE FROM uploads WHERE id IN
       (SELECT a.upload_id FROM comments c
        JOIN attachments a ON a.item_kind = 'comment' AND a.item_id = c.id
        WHERE c.post_id = +:postId)
     RETURNING sha256`,
  );
  const stale = db.prepare<{ before: number }, { id: number; sha256: string }>(UPLOADS_SQL.stale);
  // Whether a post or comment can be seen by every member (not deleted, nor its post).
  const postVisible = db
    .prepare<{ id: number }, number>('SELECT 1 FROM posts WHERE id = +:id AND deleted_at IS NULL')
    .pluck();
  const commentVisible = db
    .prepare<{ id: number }, number>(
      `SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
       WHERE c.id = +:id AND c.deleted_at IS NULL AND p.deleted_at IS NULL`,
    )
    .pluck();
  const deleteById = db.prepare<{ id: number }, never>('DELETE FROM uploads WHERE id = +:id');
  const deleteUpload = db.prepare<{ id: number }, { sha256: string }>(
    'DELETE FROM uploads WHERE id = +:id RETURNING sha256',
  );
  const detachItem = db.prepare<{ kind: ItemKind; itemId: number }, never>(
    'DELETE FROM attachments WHERE item_kind = +:kind AND item_id = +:itemId',
  );

  const record = (row: UploadRow): UploadRecord => ({
    ...toAttachment(row),
    uploaderId: row.uploader_id,
    sha256: row.sha256,
    item:
      row.item_kind !== null && row.item_id !== null
        ? { kind: row.item_kind, id: row.item_id }
        : null,
  });

  return {
    insert: (_tx: WriteTx, upload: NewUpload): number => Number(insert.run(upload).lastInsertRowid),
    byId: (id: number): UploadRecord | undefined => {
      const row = byId.get({ id });
      return row ? record(row) : undefined;
    },
    /** Bytes `uploaderId` uploaded after `since`, and the oldest of those uploads' time. */
    bytesSince: (uploaderId: number, since: number) => bytesSince.get({ uploaderId, since })!,
    attach: (_tx: WriteTx, kind: ItemKind, itemId: number, uploadIds: readonly number[]): void => {
      uploadIds.forEach((uploadId, position) => attach.run({ uploadId, kind, itemId, position }));
    },
    forItem: (kind: ItemKind, itemId: number): Attachment[] =>
      forItem.all({ kind, itemId }).map(toAttachment),
    /** Deletes an item's uploads (and so its attachments); the hashes to collect after commit. */
    releaseItem: (_tx: WriteTx, kind: ItemKind, itemId: number): string[] => {
      const shas = deleteForItem.all({ kind, itemId }).map((r) => r.sha256);
      // A deleted post takes its thread out of reach: its comments' files go too.
      if (kind === 'post')
        shas.push(...deleteForPostComments.all({ postId: itemId }).map((r) => r.sha256));
      return shas;
    },
    shaInUse: (sha256: string): boolean => shaInUse.get({ sha256 }) !== undefined,
    stale: (before: number) => stale.all({ before }),
    /** A post or comment everyone signed in may see (messages ask stores.messageAccess). */
    publicItemVisible: (kind: 'post' | 'comment', id: number): boolean =>
      (kind === 'post' ? postVisible : commentVisible).get({ id }) !== undefined,
    deleteById: (_tx: WriteTx, id: number): void => void deleteById.run({ id }),
    /** (edits) Deletes one upload (its attachment goes with it); its hash, to collect. */
    deleteUpload: (_tx: WriteTx, id: number): string | undefined =>
      deleteUpload.get({ id })?.sha256,
    /** (edits) Unhooks an item's attachments, uploads kept, before they are attached anew. */
    detachItem: (_tx: WriteTx, kind: ItemKind, itemId: number): void =>
      void detachItem.run({ kind, itemId }),
  };
}
export type UploadsStore = ReturnType<typeof createUploadsStore>;
