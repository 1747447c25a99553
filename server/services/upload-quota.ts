import { AppError } from '../errors/app-error';
import { formatMegabytes } from '../files/blob-store';
import type { UploadsStore } from '../store/uploads.store';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses `incoming` more bytes when the uploader's last 24 hours of uploads would pass
 * `maxBytesPerDay`; the client may retry once their oldest upload of that window leaves it.
 */
export function checkUploadQuota(
  uploads: Pick<UploadsStore, 'bytesSince'>,
  maxBytesPerDay: number,
  uploaderId: number,
  incoming: number,
  now: number,
): void {
  const { bytes, oldest } = uploads.bytesSince(uploaderId, now - DAY_MS);
  const max = maxBytesPerDay;
  if (bytes + incoming <= max) return;
  const retryAfterSec =
    oldest === null ? 60 : Math.max(1, Math.ceil((oldest + DAY_MS - now) / 1000));
  throw new AppError(
    'UPLOAD_QUOTA_EXCEEDED',
    `You can upload ${formatMegabytes(max)} a day; you have used ${formatMegabytes(bytes)} in the last 24 hours.`,
    { retryAfterSec },
  );
}
