import sharp from 'sharp';

/** Longest side of a thumbnail: a chat with 100 pictures stays light. */
export const THUMB_MAX_PX = 480;
/** Avatar sizes made from the square crop (the roster and author lines use 64, profiles 256). */
export const AVATAR_SIZES = [64, 256] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];

// A decompression bomb (a tiny file that decodes to gigapixels) is refused, not decoded.
const MAX_INPUT_PIXELS = 64_000_000;

let configured = false;
/** sharp, set up at first use (importing this module does nothing). */
function vips(): typeof sharp {
  if (!configured) {
    // libvips' own thread pool does the work; its cache would grow with the uploads seen.
    sharp.cache(false);
    configured = true;
  }
  return sharp;
}

export interface ImageInfo {
  width: number;
  height: number;
}

/**
 * Width and height once libvips decodes the header, or null when the bytes only start like
 * an image (a zip named .jpg with a JPEG prefix, a truncated PNG): then it is a download.
 */
export async function probeImage(path: string): Promise<ImageInfo | null> {
  try {
    const meta = await vips()(path, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (!meta.width || !meta.height) return null;
    // EXIF orientations 5–8 swap the sides once the browser rotates the picture.
    const swapped = (meta.orientation ?? 1) >= 5;
    return swapped
      ? { width: meta.height, height: meta.width }
      : { width: meta.width, height: meta.height };
  } catch {
    return null;
  }
}

/** A WebP of at most THUMB_MAX_PX on its longest side (first frame of an animation). */
export async function writeThumbnail(source: string, target: string): Promise<void> {
  await vips()(source, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize(THUMB_MAX_PX, THUMB_MAX_PX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toFile(target);
}

/** The centre square of an image, at `px` on a side, as WebP (metadata stripped). */
export async function writeAvatar(
  source: Buffer | string,
  px: number,
  target: string,
): Promise<void> {
  await vips()(source, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize(px, px, { fit: 'cover', position: 'attention' })
    .webp({ quality: 82 })
    .toFile(target);
}
