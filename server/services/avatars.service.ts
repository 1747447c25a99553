import { rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { FILE_LIMITS } from '../../common/files';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { BlobStore } from '../files/blob-store';
import { AVATAR_SIZES, probeImage, writeAvatar, type AvatarSize } from '../files/images';
import { sniff } from '../files/sniff';
import type { AvatarsStore } from '../store/avatars.store';

/** The short version tag clients put in avatar URLs, so a new picture is fetched at once. */
export const avatarVersion = (sha256: string): string => sha256.slice(0, 12);

/**
 * Avatars: a picture cropped to its centre square (libvips' attention crop), kept at
 * AVATAR_SIZES as WebP, named by the original's hash. Everyone hears of a change through
 * `avatar.updated` (the outbox), so every initials badge can show the picture.
 */
export class AvatarsService {
  constructor(
    private readonly avatars: AvatarsStore,
    private readonly blobs: BlobStore,
    private readonly writer: Writer,
    private readonly clock: () => number,
  ) {}

  async set(
    userId: number,
    body: Readable,
    declaredLength: number | undefined,
  ): Promise<{ avatar: string }> {
    const max = FILE_LIMITS.avatarMaxBytes;
    if (declaredLength !== undefined && declaredLength > max) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `An avatar picture can be at most ${max / 1048576} MB.`,
      );
    }
    const got = await this.blobs.receive(body, max);
    const temps: string[] = [];
    try {
      const sniffed = sniff(got.head);
      const image = sniffed.image ? await probeImage(got.tempPath) : null;
      if (!image) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'An avatar must be a PNG, JPEG, GIF or WebP picture.',
        );
      }
      const made: [string, string][] = [];
      for (const px of AVATAR_SIZES) {
        const temp = this.blobs.tempPath();
        temps.push(temp);
        await writeAvatar(got.tempPath, px, temp);
        made.push([temp, this.blobs.avatarPathOf(got.sha256, px)]);
      }
      const previous = this.avatars.of(userId);
      const avatar = avatarVersion(got.sha256);
      this.writer.write((tx) => {
        this.avatars.set(tx, userId, got.sha256, this.clock());
        tx.event('avatar.updated', { userId, avatar }, null);
      });
      for (const [temp, final] of made) this.blobs.place(temp, final);
      if (previous && previous !== got.sha256) this.dropIfUnused(previous);
      return { avatar };
    } finally {
      await this.blobs.discard(got.tempPath);
      for (const t of temps) await this.blobs.discard(t);
    }
  }

  remove(userId: number): void {
    const previous = this.avatars.of(userId);
    if (!previous) return;
    this.writer.write((tx) => {
      this.avatars.remove(tx, userId);
      tx.event('avatar.updated', { userId, avatar: null }, null);
    });
    this.dropIfUnused(previous);
  }

  /** userId → version tag, for everyone who has an avatar. */
  all(): Record<number, string> {
    const out: Record<number, string> = {};
    for (const [id, sha] of Object.entries(this.avatars.all()))
      out[Number(id)] = avatarVersion(sha);
    return out;
  }

  size(raw: string | undefined): AvatarSize {
    const n = Number(raw);
    const size = AVATAR_SIZES.find((s) => s === n);
    if (size === undefined) {
      throw new AppError('VALIDATION_FAILED', `Avatar sizes are ${AVATAR_SIZES.join(' and ')}.`, {
        field: 'size',
      });
    }
    return size;
  }

  pathOf(userId: number, size: AvatarSize): string {
    const sha = this.avatars.of(userId);
    if (!sha) throw new AppError('NOT_FOUND', `User ${userId} has no avatar.`);
    return this.blobs.avatarPathOf(sha, size);
  }

  private dropIfUnused(sha256: string): void {
    if (this.avatars.inUse(sha256)) return;
    for (const px of AVATAR_SIZES) rmSync(this.blobs.avatarPathOf(sha256, px), { force: true });
  }
}
