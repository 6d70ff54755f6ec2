import { createHash } from 'node:crypto';
import { loadSharp } from './sharp-loader.ts';
import { PREVIEW_SIZE, previewPixels } from './preview-pixels.ts';
import { rgbaToThumbHash } from 'thumbhash';

export const THUMBNAIL_SIZE = PREVIEW_SIZE;
/** The thumbnail for screens with two device pixels to the CSS pixel, made the first time one is asked for. */
export const LARGE_THUMBNAIL_SIZE = 512;

export interface Thumbnail {
  webp: Uint8Array;
  /** Quoted strong ETag of the WebP bytes. */
  etag: string;
  /** ThumbHash of the image, base64: about 25 bytes that decode to a blurred preview. */
  placeholder: string;
}

/**
 * A 256 px WebP (longest side) and a ThumbHash placeholder, both from the image's shared 256 px preview (decoded
 * once, and already there when the image was scored), which keeps this cheap beside running generations.
 */
export async function makeThumbnail(image: Uint8Array): Promise<Thumbnail> {
  const sharp = await loadSharp();
  const { data, width, height, channels } = await previewPixels(image);
  const raw = { raw: { width, height, channels } } as const;
  const webp = await sharp(data, raw).webp({ quality: 78, effort: 1 }).toBuffer();
  // ThumbHash encodes images of at most 100×100 pixels.
  const small = await sharp(data, raw).resize(100, 100, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const hash = rgbaToThumbHash(small.info.width, small.info.height, small.data);
  const etag = `"${createHash('sha256').update(webp).digest('base64url').slice(0, 27)}"`;
  return { webp, etag, placeholder: Buffer.from(hash).toString('base64') };
}

/** A 512 px WebP (longest side) of a stored image, for the `2x` candidate of a tile's srcset. */
export async function makeLargeThumbnail(image: Uint8Array): Promise<Uint8Array> {
  const sharp = await loadSharp();
  return sharp(image)
    .resize(LARGE_THUMBNAIL_SIZE, LARGE_THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78, effort: 2 })
    .toBuffer();
}
