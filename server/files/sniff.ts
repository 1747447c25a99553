/**
 * What a file is, from its first bytes: never from its name or the type the browser claims.
 * Only the four raster formats browsers decode safely are ever shown inline (and only once
 * the image decoder agrees, see images.ts); everything else, SVG and HTML included, is a
 * download. The other kinds are recognised only to label the download card.
 */
export type InlineImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface Sniffed {
  mime: string;
  /** One of the inline image types, by its magic number (still to be decoded). */
  image: boolean;
}

/** Bytes the sniffer needs: the longest signature plus room to find `<svg`/`<html` in text. */
export const SNIFF_BYTES = 512;

const startsWith = (head: Uint8Array, sig: readonly number[], at = 0): boolean =>
  head.length >= at + sig.length && sig.every((b, i) => head[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const IMAGES: readonly { mime: InlineImageType; test: (h: Uint8Array) => boolean }[] = [
  { mime: 'image/png', test: (h) => startsWith(h, [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a]) },
  { mime: 'image/jpeg', test: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  {
    mime: 'image/gif',
    test: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')),
  },
  {
    mime: 'image/webp',
    test: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8),
  },
];

const OTHERS: readonly { mime: string; test: (h: Uint8Array) => boolean }[] = [
  { mime: 'application/pdf', test: (h) => startsWith(h, ascii('%PDF-')) },
  { mime: 'application/zip', test: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) },
  { mime: 'application/gzip', test: (h) => startsWith(h, [0x1f, 0x8b]) },
  { mime: 'application/x-7z-compressed', test: (h) => startsWith(h, [0x37, 0x7a, 0xbc, 0xaf]) },
  { mime: 'audio/mpeg', test: (h) => startsWith(h, ascii('ID3')) },
  { mime: 'video/mp4', test: (h) => startsWith(h, ascii('ftyp'), 4) },
];

/** Text that a browser would run or render as a document if it ever sniffed it. */
function markupType(text: string): string | null {
  const t = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<\?xml[^>]*>\s*(<!--[\s\S]*?-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/.test(t)) {
    return 'image/svg+xml';
  }
  if (t.startsWith('<svg')) return 'image/svg+xml';
  if (/^(<!doctype\s+html|<html|<head|<body|<script|<iframe|<!--)/.test(t)) return 'text/html';
  if (t.startsWith('<?xml')) return 'application/xml';
  return null;
}

/** Text without NUL or other binary control bytes reads as plain text. */
function looksLikeText(head: Uint8Array): boolean {
  for (const b of head)
    if (b === 0 || (b < 0x09 && b !== 0x07) || (b > 0x0d && b < 0x20 && b !== 0x1b)) return false;
  return true;
}

export function sniff(head: Uint8Array): Sniffed {
  for (const img of IMAGES) if (img.test(head)) return { mime: img.mime, image: true };
  for (const other of OTHERS) if (other.test(head)) return { mime: other.mime, image: false };
  if (head.length > 0 && looksLikeText(head)) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
    return { mime: markupType(text) ?? 'text/plain', image: false };
  }
  return { mime: 'application/octet-stream', image: false };
}
