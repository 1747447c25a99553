/**
 * The files a composer is about to send: each uploads as soon as it is picked, dropped or
 * pasted (so Send is instant), with its progress, a Cancel, and a Retry after a failure.
 * One tray per composer; the ids of finished uploads go with the post, comment or message.
 */
import type { Upload } from '@common/files';
import { FILE_LIMITS } from '@common/files';
import { errorMessage } from '../lib/api';
import { formatBytes, uploadFile } from '../lib/upload';

export type TrayStatus = 'uploading' | 'done' | 'failed';

export interface TrayItem {
  key: number;
  file: Blob;
  name: string;
  size: number;
  /** 0…1 while uploading. */
  progress: number;
  status: TrayStatus;
  error?: string;
  upload?: Upload;
  /** A local preview of a picture (an object URL), revoked when the item goes. */
  preview?: string;
}

const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
let nextKey = 1;

export class UploadTray {
  items = $state<TrayItem[]>([]);
  // Not state: nothing renders it, it only lets Cancel reach the request in flight.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see above
  readonly #aborts = new Map<number, AbortController>();

  /** Upload ids ready to attach, in the order they were added. */
  readonly ids = $derived(this.items.flatMap((i) => (i.upload ? [i.upload.id] : [])));
  readonly busy = $derived(this.items.some((i) => i.status === 'uploading'));
  readonly failed = $derived(this.items.some((i) => i.status === 'failed'));
  readonly empty = $derived(this.items.length === 0);

  constructor(
    /** The host's limit is not known here: the server's answer (413) says it exactly. */
    private readonly maxItems = FILE_LIMITS.attachmentsPerItem,
  ) {}

  /** Adds files (at most `maxItems` in all) and starts their uploads; returns a refusal, if any. */
  add(files: readonly { blob: Blob; name: string }[]): string | null {
    const room = this.maxItems - this.items.length;
    const taken = files.slice(0, Math.max(0, room));
    for (const { blob, name } of taken) {
      const item: TrayItem = {
        key: nextKey++,
        file: blob,
        name,
        size: blob.size,
        progress: 0,
        status: 'uploading',
        ...(PREVIEWABLE.has(blob.type) ? { preview: URL.createObjectURL(blob) } : {}),
      };
      this.items = [...this.items, item];
      this.#start(item.key);
    }
    return taken.length < files.length ? `At most ${this.maxItems} files at a time.` : null;
  }

  cancel(key: number): void {
    this.#aborts.get(key)?.abort();
    this.remove(key);
  }

  retry(key: number): void {
    const item = this.#find(key);
    if (!item || item.status !== 'failed') return;
    item.status = 'uploading';
    item.progress = 0;
    item.error = undefined;
    this.#start(key);
  }

  remove(key: number): void {
    const item = this.#find(key);
    if (item?.preview) URL.revokeObjectURL(item.preview);
    this.#aborts.delete(key);
    this.items = this.items.filter((i) => i.key !== key);
  }

  /** After a send: the uploads now belong to the item. */
  clear(): void {
    for (const i of this.items) if (i.preview) URL.revokeObjectURL(i.preview);
    for (const a of this.#aborts.values()) a.abort();
    this.#aborts.clear();
    this.items = [];
  }

  /** The uploads of a finished tray (for the pending message's own copy). */
  uploads(): Upload[] {
    return this.items.flatMap((i) => (i.upload ? [i.upload] : []));
  }

  #find(key: number): TrayItem | undefined {
    return this.items.find((i) => i.key === key);
  }

  async #start(key: number): Promise<void> {
    const item = this.#find(key);
    if (!item) return;
    const abort = new AbortController();
    this.#aborts.set(key, abort);
    try {
      const upload = await uploadFile(
        item.file,
        item.name,
        (f) => {
          const live = this.#find(key);
          if (live) live.progress = f;
        },
        abort.signal,
      );
      const live = this.#find(key);
      if (!live) return;
      live.upload = upload;
      live.progress = 1;
      live.status = 'done';
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      const live = this.#find(key);
      if (!live) return;
      live.status = 'failed';
      live.error = errorMessage(e);
    } finally {
      this.#aborts.delete(key);
    }
  }
}

/** "3 files, 4.2 MB". */
export function trayTotal(items: readonly TrayItem[]): string {
  const bytes = items.reduce((n, i) => n + i.size, 0);
  return `${items.length} ${items.length === 1 ? 'file' : 'files'}, ${formatBytes(bytes)}`;
}
