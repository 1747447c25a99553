/**
 * Pictures and files (issue 12): what an attachment looks like on a post, comment or chat
 * message, and the limits both sides know. Zod-free, so the renderer may import it at run
 * time; the id-list schema lives in common/api.ts.
 */

/** An upload hung on an item. Its bytes: `GET /api/files/:id`; a picture's thumbnail: `…/thumb`. */
export interface Attachment {
  id: number;
  /** The file name given at upload (shown on the download card, used for the download). */
  name: string;
  size: number;
  /** Sniffed from the bytes, never taken from the name or the browser's claim. */
  mime: string;
  /** 'image': PNG, JPEG, GIF or WebP that decodes; shown inline. 'file': a download card. */
  kind: 'image' | 'file';
  /** A picture's size in pixels (as displayed, after its EXIF rotation); null for files. */
  width: number | null;
  height: number | null;
}

/** `POST /api/uploads`' answer: the upload, not attached yet (attach it by id within a day). */
export type Upload = Attachment;

export const FILE_LIMITS = {
  /** Uploads one post, comment or message may carry. */
  attachmentsPerItem: 10,
  /** Bytes of the file name kept (longer names are cut, keeping the extension). */
  nameMax: 255,
  /** Defaults of the host settings (ForumServerOptions.uploads). */
  defaultMaxFileBytes: 25 * 1024 * 1024,
  defaultMaxBytesPerDay: 500 * 1024 * 1024,
  /** Longest side of a thumbnail, in pixels. */
  thumbMaxPx: 480,
  /** An avatar image, before cropping. */
  avatarMaxBytes: 10 * 1024 * 1024,
} as const;

export const fileUrl = (id: number): string => `/api/files/${id}`;
export const thumbUrl = (id: number): string => `/api/files/${id}/thumb`;
export const downloadUrl = (id: number): string => `/api/files/${id}?download=1`;
