import { createHash } from 'node:crypto';
import { loadSharp } from './sharp-loader.ts';

/** Formats accepted as decoded by sharp, whatever the file name or Content-Type claimed. */
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);

export const INSPIRATION_MAX_BYTES = 10 * 1024 * 1024;
export const INSPIRATION_MAX_PIXELS = 40_000_000;
export const INSPIRATION_MIN_SIDE = 64;
/** Stored images are scaled down to this longest side: plenty to show the look, small enough to send to a model. */
export const INSPIRATION_MAX_SIDE = 2048;

export interface CleanedImage {
  bytes: Uint8Array;
  mediaType: 'image/webp';
  width: number;
  height: number;
  sha256: string;
}

export type ImageRejection = 'not_an_accepted_image' | 'too_many_pixels' | 'too_small';

export class ImageRejectedError extends Error {
  readonly reason: ImageRejection;

  constructor(reason: ImageRejection, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * Checks an upload by its content and stores a clean copy: turned upright by its EXIF orientation, converted to sRGB,
 * re-encoded as WebP without any metadata (EXIF with GPS, XMP, ICC profile, comments) and at most 2048 px a side.
 */
export async function cleanInspirationImage(upload: Uint8Array, what = 'inspiration images'): Promise<CleanedImage> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: INSPIRATION_MAX_PIXELS, failOn: 'error' as const };
  // The header alone tells format and size; the pixel limit applies when decoding, below.
  const metadata = await sharp(upload, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined);
  if (!metadata?.format || !ACCEPTED_FORMATS.has(metadata.format)) {
    throw new ImageRejectedError(
      'not_an_accepted_image',
      'This file is not a PNG, JPEG or WebP image. Upload a picture in one of those formats.',
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width * height > INSPIRATION_MAX_PIXELS) {
    throw new ImageRejectedError(
      'too_many_pixels',
      `This image is ${width}×${height} pixels; ${what} may have at most ${INSPIRATION_MAX_PIXELS / 1_000_000} megapixels.`,
    );
  }
  if (width < INSPIRATION_MIN_SIDE || height < INSPIRATION_MIN_SIDE) {
    throw new ImageRejectedError(
      'too_small',
      `This image is ${width}×${height} pixels; ${what} must be at least ${INSPIRATION_MIN_SIDE}×${INSPIRATION_MIN_SIDE}.`,
    );
  }
  const { data, info } = await sharp(upload, { ...options, pages: 1 })
    .autoOrient()
    .resize(INSPIRATION_MAX_SIDE, INSPIRATION_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .webp({ quality: 90 })
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      throw new ImageRejectedError('not_an_accepted_image', 'This image could not be read; it may be damaged. Try exporting it again.');
    });
  return {
    bytes: data,
    mediaType: 'image/webp',
    width: info.width,
    height: info.height,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}
