import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors/app-error';
import { digestFile } from './digest-worker';
import { SNIFF_BYTES } from './sniff';

/** A body received into a temporary file: its hash, size and first bytes, once fully read. */
export interface Received {
  tempPath: string;
  sha256: string;
  size: number;
  /** The first SNIFF_BYTES bytes (or fewer), for sniffing its type. */
  head: Uint8Array;
}

const SHA256 = /^[0-9a-f]{64}$/;
const INTERRUPTED = 'The upload was interrupted before it finished.';

/** Thrown while streaming, so the route can answer before the client stops sending. */
export class TooLargeError extends AppError {
  constructor(maxBytes: number) {
    super('PAYLOAD_TOO_LARGE', `A file can be at most ${formatMegabytes(maxBytes)}.`);
  }
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * The files in the data folder, content-addressed: `files/<first 2 hex>/<sha256>` holds the
 * bytes of every upload with that hash, `<sha256>-480.webp` its thumbnail, and
 * `files/avatars/<sha256>-<px>.webp` avatar sizes. Bodies stream into `files/tmp/` (never
 * held in memory) and are renamed into place, so a half-written file never has a final name.
 *
 * `place` and `remove` are synchronous on purpose: the caller runs each in the same event
 * loop turn as the database write that makes the bytes referenced or unreferenced, so an
 * upload of the same bytes can never slip between "nothing refers to it" and the unlink.
 */
export class BlobStore {
  readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'files');
    this.tmp = join(this.root, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
    mkdirSync(join(this.root, 'avatars'), { recursive: true });
    // Left by a crash mid-upload: nothing refers to them.
    for (const name of safeList(this.tmp)) rmSync(join(this.tmp, name), { force: true });
  }

  /**
   * Streams `body` to a temp file (over `maxBytes` it stops with 413), then hashes it and
   * reads its first bytes in a worker thread (digest-worker.ts): the event loop only moves
   * bytes, with the write stream's backpressure.
   */
  async receive(body: Readable, maxBytes: number): Promise<Received> {
    const tempPath = join(this.tmp, randomBytes(12).toString('hex'));
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(new TooLargeError(maxBytes));
          return;
        }
        done(null, chunk);
      },
    });
    // Not pipeline(body, …): on an error it would destroy the request's socket before the
    // 413 is written. The body is unpiped and drained instead (the answer closes it).
    const onAbort = () => meter.destroy(new AppError('VALIDATION_FAILED', INTERRUPTED));
    body.once('aborted', onAbort);
    body.once('error', onAbort);
    body.pipe(meter);
    try {
      await pipeline(meter, createWriteStream(tempPath, { flags: 'wx' }));
    } catch (err) {
      body.unpipe(meter);
      body.resume();
      await rm(tempPath, { force: true });
      if (err instanceof AppError) throw err;
      throw new AppError('VALIDATION_FAILED', INTERRUPTED);
    } finally {
      body.off('aborted', onAbort);
      body.off('error', onAbort);
    }
    try {
      const { sha256, head } = await digestFile(tempPath, SNIFF_BYTES);
      return { tempPath, sha256, size, head };
    } catch (err) {
      await rm(tempPath, { force: true });
      throw err;
    }
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  thumbPathOf(sha256: string): string {
    return `${this.pathOf(sha256)}-480.webp`;
  }

  avatarPathOf(sha256: string, px: number): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha-256: ${sha256}`);
    return join(this.root, 'avatars', `${sha256}-${px}.webp`);
  }

  /** A temp path for derived files (thumbnails) before `place`. */
  tempPath(): string {
    return join(this.tmp, randomBytes(12).toString('hex'));
  }

  /** Moves a finished temp file to its final name (replacing identical bytes, if present). */
  place(tempPath: string, finalPath: string): void {
    mkdirSync(join(finalPath, '..'), { recursive: true });
    renameSync(tempPath, finalPath);
  }

  /**
   * Makes a `place` durable: flushes the folder that holds `finalPath` (a rename is on disk
   * once its directory is), on libuv's thread pool. The file's bytes were flushed before
   * (digest-worker.ts).
   */
  async flushPlaced(finalPath: string): Promise<void> {
    const dir = await open(join(finalPath, '..'), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  has(path: string): boolean {
    return existsSync(path);
  }

  /** Removes the bytes of `sha256` and its thumbnail. */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
    rmSync(this.thumbPathOf(sha256), { force: true });
  }

  async discard(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
