import type { Readable } from 'node:stream';
import { FILE_LIMITS, type Attachment, type Upload } from '../../common/files';
import type { UploadLimits } from '../config/upload-limits';
import { AppError } from '../errors/app-error';
import type { Publisher, Transaction, Writer } from '../events/outbox';
import { BlobStore, formatMegabytes } from '../files/blob-store';
import { probeImage, writeThumbnail } from '../files/images';
import { cleanName } from '../files/file-name';
import { sniff } from '../files/sniff';
import type { Logger } from '../logging/logger';
import type { MessageAccessStore } from '../store/message-access.store';
import type { ItemKind, UploadRecord, UploadsStore } from '../store/uploads.store';
import { UnusedFileCollector } from './unused-file-collector';
import { checkUploadQuota, DAY_MS } from './upload-quota';

/** The file a request may read, and how to serve it. */
export interface ServedFile {
  path: string;
  upload: UploadRecord;
}

/**
 * Uploads and attachments: streams a body to disk (size checked while it arrives), sniffs
 * its type, makes a thumbnail, records it; attaches uploads to an item inside the item's own
 * transaction (so its event carries them); answers who may read a file; and hands the hashes
 * of deleted uploads to the UnusedFileCollector, which removes the bytes once unused.
 */
export class FilesService {
  /** Frees a deleted upload's bytes after the commit, once nothing else uses them. */
  private readonly unused: UnusedFileCollector;
  /** When stale uploads were last swept (at most hourly, on an upload: no timer to stop). */
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly uploads: UploadsStore,
    private readonly messageAccess: MessageAccessStore,
    readonly blobs: BlobStore,
    private readonly writer: Writer,
    publisher: Publisher,
    private readonly limits: UploadLimits,
    private readonly clock: () => number,
    log: Logger,
  ) {
    this.unused = new UnusedFileCollector(uploads, blobs, publisher, log);
  }

  /**
   * Receives one file. Refuses at once what the declared length shows is too big or over
   * the daily quota; otherwise streams it, stopping at the limit.
   */
  async receive(
    uploaderId: number,
    rawName: string,
    body: Readable,
    declaredLength: number | undefined,
  ): Promise<Upload> {
    const name = cleanName(rawName);
    if (this.clock() - this.lastSweepMs > 60 * 60 * 1000) {
      this.lastSweepMs = this.clock();
      this.sweepStale();
    }
    const { maxFileBytes } = this.limits;
    if (declaredLength !== undefined && declaredLength > maxFileBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `A file can be at most ${formatMegabytes(maxFileBytes)}.`,
      );
    }
    checkUploadQuota(
      this.uploads,
      this.limits.maxBytesPerDay,
      uploaderId,
      declaredLength ?? 0,
      this.clock(),
    );
    const got = await this.blobs.receive(body, maxFileBytes);
    let thumbTemp: string | null = null;
    try {
      if (got.size === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty.');
      checkUploadQuota(
        this.uploads,
        this.limits.maxBytesPerDay,
        uploaderId,
        got.size,
        this.clock(),
      );
      const sniffed = sniff(got.head);
      // An image only when the decoder agrees (a zip behind a JPEG signature is a download).
      const image = sniffed.image ? await probeImage(got.tempPath) : null;
      const finalPath = this.blobs.pathOf(got.sha256);
      if (image && !this.blobs.has(this.blobs.thumbPathOf(got.sha256))) {
        thumbTemp = this.blobs.tempPath();
        await writeThumbnail(got.tempPath, thumbTemp);
      }
      const row = {
        uploaderId,
        sha256: got.sha256,
        size: got.size,
        mime: image ? sniffed.mime : sniffed.image ? 'application/octet-stream' : sniffed.mime,
        name,
        width: image?.width ?? null,
        height: image?.height ?? null,
        createdMs: this.clock(),
      };
      // The row and the rename in one synchronous step (see UnusedFileCollector).
      const id = this.writer.write((tx) => this.uploads.insert(tx, row));
      this.blobs.place(got.tempPath, finalPath);
      if (thumbTemp) this.blobs.place(thumbTemp, this.blobs.thumbPathOf(got.sha256));
      await this.blobs.flushPlaced(finalPath);
      const upload = this.uploads.byId(id);
      if (!upload) throw new Error(`upload ${id} vanished`);
      return toAttachment(upload);
    } finally {
      await this.blobs.discard(got.tempPath);
      if (thumbTemp) await this.blobs.discard(thumbTemp);
    }
  }

  /**
   * Checks (inside the item's transaction) that every id is the uploader's own upload, not
   * attached yet, then attaches them in order. Returns what the item's event carries.
   */
  attach(
    tx: Transaction,
    uploaderId: number,
    kind: ItemKind,
    itemId: number,
    ids: readonly number[],
  ): Attachment[] {
    if (ids.length === 0) return [];
    this.assertAttachable(uploaderId, ids);
    this.uploads.attach(tx, kind, itemId, ids);
    return this.uploads.forItem(kind, itemId);
  }

  /**
   * (edits) Makes `ids` the item's attachments, in that order, inside the edit's transaction:
   * ids it has keep their upload; new ones must be the editor's own unattached uploads (as at
   * creation: the quota counted them when they were uploaded); the ones left out are deleted,
   * their bytes freed after the commit once nothing else uses them. Null when nothing changes.
   */
  replace(
    tx: Transaction,
    editorId: number,
    kind: ItemKind,
    itemId: number,
    ids: readonly number[],
  ): Attachment[] | null {
    const current = this.uploads.forItem(kind, itemId).map((a) => a.id);
    if (current.join(',') === ids.join(',')) return null;
    this.checkReplacement(editorId, current, ids);
    for (const id of current) {
      if (ids.includes(id)) continue;
      const sha = this.uploads.deleteUpload(tx, id);
      if (sha) this.unused.release(sha);
    }
    this.uploads.detachItem(tx, kind, itemId);
    this.uploads.attach(tx, kind, itemId, ids);
    return this.uploads.forItem(kind, itemId);
  }

  /** `replace`'s check, before an edit writes anything (its text may be unchanged). */
  checkReplacement(editorId: number, current: readonly number[], ids: readonly number[]): void {
    this.assertAttachable(
      editorId,
      ids.filter((id) => !current.includes(id)),
    );
    if (ids.length > FILE_LIMITS.attachmentsPerItem) throw tooManyAttachments();
  }

  /** The same check, outside a transaction, to refuse a bad send before it is queued. */
  assertAttachable(uploaderId: number, ids: readonly number[]): void {
    if (ids.length > FILE_LIMITS.attachmentsPerItem) throw tooManyAttachments();
    for (const id of ids) {
      const u = this.uploads.byId(id);
      if (!u || u.uploaderId !== uploaderId || u.item !== null) {
        throw new AppError(
          'UNKNOWN_UPLOAD',
          `Upload ${id} is not one of your unattached uploads.`,
          {
            field: 'attachments',
          },
        );
      }
    }
  }

  forItem(kind: ItemKind, itemId: number): Attachment[] {
    return this.uploads.forItem(kind, itemId);
  }

  /** Adds `attachments` to items that have any (absent otherwise, as the contract says). */
  withAttachments<T extends { id: number }>(
    kind: ItemKind,
    items: T[],
  ): (T & { attachments?: Attachment[] })[] {
    return items.map((item) => {
      const attachments = this.uploads.forItem(kind, item.id);
      return attachments.length > 0 ? { ...item, attachments } : item;
    });
  }

  /** In the transaction that deletes an item: its uploads go, their bytes once unused. */
  release(tx: Transaction, kind: ItemKind, itemId: number): void {
    for (const sha of this.uploads.releaseItem(tx, kind, itemId)) this.unused.release(sha);
  }

  /** The file `userId` asked for: 404 if unknown, 403 unless they may see its item. */
  open(userId: number, id: number): ServedFile {
    const upload = this.uploads.byId(id);
    if (!upload) throw new AppError('NOT_FOUND', `There is no file ${id}.`);
    if (!this.mayRead(userId, upload)) {
      throw new AppError('FORBIDDEN', 'You cannot see what this file is attached to.');
    }
    return { path: this.blobs.pathOf(upload.sha256), upload };
  }

  private mayRead(userId: number, upload: UploadRecord): boolean {
    const { item } = upload;
    // Not attached yet: only its uploader (the composer's preview).
    if (item === null) return upload.uploaderId === userId;
    if (item.kind === 'message') return this.messageAccess.canRead(userId, item.id);
    return this.uploads.publicItemVisible(item.kind, item.id);
  }

  /** Uploads never attached within a day are removed (a composer closed before sending). */
  sweepStale(): number {
    const stale = this.uploads.stale(this.clock() - DAY_MS);
    if (stale.length === 0) return 0;
    this.writer.write((tx) => {
      for (const s of stale) {
        this.uploads.deleteById(tx, s.id);
        this.unused.release(s.sha256);
      }
    });
    return stale.length;
  }
}

const tooManyAttachments = (): AppError =>
  new AppError('VALIDATION_FAILED', `At most ${FILE_LIMITS.attachmentsPerItem} attachments.`, {
    field: 'attachments',
  });

function toAttachment(u: UploadRecord): Attachment {
  return {
    id: u.id,
    name: u.name,
    size: u.size,
    mime: u.mime,
    kind: u.kind,
    width: u.width,
    height: u.height,
  };
}
