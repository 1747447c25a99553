import type { Readable } from 'node:stream';
import { FILE_LIMITS, type Attachment, type Upload } from '../../common/files';
import { AppError } from '../errors/app-error';
import type { Publisher, Transaction, Writer } from '../events/outbox';
import { BlobStore, formatMegabytes } from '../files/blob-store';
import { probeImage, writeThumbnail } from '../files/images';
import { sniff } from '../files/sniff';
import type { Logger } from '../logging/logger';
import type { MessageAccessStore } from '../store/message-access.store';
import type { ItemKind, UploadRecord, UploadsStore } from '../store/uploads.store';

export interface UploadLimits {
  /** Largest file, in bytes (host setting; default 25 MB). */
  maxFileBytes: number;
  /** What one user may upload in any 24 hours, in bytes (host setting). */
  maxBytesPerDay: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The file a request may read, and how to serve it. */
export interface ServedFile {
  path: string;
  upload: UploadRecord;
}

/**
 * Uploads and attachments: streams a body to disk (size checked while it arrives), sniffs
 * its type, makes a thumbnail, records it; attaches uploads to an item inside the item's own
 * transaction (so its event carries them); answers who may read a file; and removes the
 * bytes once nothing refers to them.
 */
export class FilesService {
  /** Hashes released by a write; checked (and unlinked if unused) right after its commit. */
  private readonly released = new Set<string>();
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
    private readonly log: Logger,
  ) {
    // After every commit, in the same turn of the event loop as the commit itself: nothing
    // can reference the bytes again between the check and the unlink (blob-store.ts).
    publisher.subscribe(() => this.collect());
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
    this.checkQuota(uploaderId, declaredLength ?? 0);
    const got = await this.blobs.receive(body, maxFileBytes);
    let thumbTemp: string | null = null;
    try {
      if (got.size === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty.');
      this.checkQuota(uploaderId, got.size);
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
      // The row and the rename in one synchronous step (see collect()).
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

  private checkQuota(uploaderId: number, incoming: number): void {
    const now = this.clock();
    const { bytes, oldest } = this.uploads.bytesSince(uploaderId, now - DAY_MS);
    const max = this.limits.maxBytesPerDay;
    if (bytes + incoming <= max) return;
    const retryAfterSec =
      oldest === null ? 60 : Math.max(1, Math.ceil((oldest + DAY_MS - now) / 1000));
    throw new AppError(
      'UPLOAD_QUOTA_EXCEEDED',
      `You can upload ${formatMegabytes(max)} a day; you have used ${formatMegabytes(bytes)} in the last 24 hours.`,
      { retryAfterSec },
    );
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
      if (sha) this.released.add(sha);
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
    if (ids.length > FILE_LIMITS.attachmentsPerItem) {
      throw new AppError(
        'VALIDATION_FAILED',
        `At most ${FILE_LIMITS.attachmentsPerItem} attachments.`,
        { field: 'attachments' },
      );
    }
  }

  /** The same check, outside a transaction, to refuse a bad send before it is queued. */
  assertAttachable(uploaderId: number, ids: readonly number[]): void {
    if (ids.length > FILE_LIMITS.attachmentsPerItem) {
      throw new AppError(
        'VALIDATION_FAILED',
        `At most ${FILE_LIMITS.attachmentsPerItem} attachments.`,
        {
          field: 'attachments',
        },
      );
    }
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
    for (const sha of this.uploads.releaseItem(tx, kind, itemId)) this.released.add(sha);
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
        this.released.add(s.sha256);
      }
    });
    return stale.length;
  }

  private collect(): void {
    if (this.released.size === 0) return;
    for (const sha of this.released) {
      if (this.uploads.shaInUse(sha)) continue;
      try {
        this.blobs.remove(sha);
      } catch (err) {
        this.log.warn('could not remove an unused file', { sha, err });
      }
    }
    this.released.clear();
  }
}

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

/**
 * An edit's files (posts and comments): the item's current attachments, the list wanted
 * after the edit (undefined: unchanged, or no file service), whether it stays the same, and
 * `replace`'s check made before anything is written (the text may be unchanged).
 */
export function planAttachmentEdit(
  files: Pick<FilesService, 'forItem' | 'checkReplacement'> | undefined,
  editorId: number,
  kind: ItemKind,
  itemId: number,
  attachments: readonly number[] | undefined,
): { current: Attachment[]; wanted: readonly number[] | undefined; same: boolean } {
  const current = files?.forItem(kind, itemId) ?? [];
  const wanted = files ? attachments : undefined;
  const ids = current.map((a) => a.id);
  const same = wanted === undefined || wanted.join(',') === ids.join(',');
  if (!same) files?.checkReplacement(editorId, ids, wanted);
  return { current, wanted, same };
}

/** A file name fit to show and to offer as a download name: no paths, no control characters. */
export function cleanName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (clean === '' || clean === '.' || clean === '..') return 'file';
  if (clean.length <= FILE_LIMITS.nameMax) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clean.slice(0, FILE_LIMITS.nameMax - ext.length) + ext;
}
