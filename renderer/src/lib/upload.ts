/**
 * Uploading one file (`POST /api/uploads?name=`): the body is the file itself. XHR rather
 * than fetch, for its upload progress events (fetch has none for request bodies). Failures
 * become the same ApiError as every other call.
 */
import type { Upload } from '@common/files';
import { isApiErrorBody } from '@common/errors';
import { ApiError } from './api';

export function uploadFile(
  file: Blob,
  name: string,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?name=${encodeURIComponent(name)}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201 && data) {
        resolve(data as Upload);
        return;
      }
      if (isApiErrorBody(data)) {
        const after = Number(xhr.getResponseHeader('retry-after'));
        reject(
          new ApiError(
            data.error.code,
            data.error.message,
            xhr.status,
            data.error.field,
            after > 0 ? after : undefined,
          ),
        );
      } else {
        reject(new ApiError('BAD_RESPONSE', `The forum answered ${xhr.status}.`, xhr.status));
      }
    };
    xhr.onerror = () =>
      reject(new ApiError('NETWORK', 'Cannot reach the forum. Check your connection.', 0));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** "1.4 MB", "820 KB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  const mb = n / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** A short label for a download card, from the sniffed type (and the name's extension). */
export function typeLabel(mime: string, name: string): string {
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'application/zip': 'ZIP archive',
    'application/gzip': 'GZIP archive',
    'application/x-7z-compressed': '7-Zip archive',
    'text/plain': 'Text',
    'text/html': 'HTML (download only)',
    'image/svg+xml': 'SVG (download only)',
    'application/xml': 'XML',
    'audio/mpeg': 'Audio',
    'video/mp4': 'Video',
  };
  if (known[mime]) return known[mime];
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1];
  return ext ? `${ext.toUpperCase()} file` : 'File';
}

/** A name for a pasted picture, which has none of its own ("image.png" in every browser). */
export function pastedName(type: string, now: Date): string {
  const ext = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' }[
    type
  ];
  const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '.');
  return `Screenshot ${stamp}.${ext ?? 'bin'}`;
}
