import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';

export const THUMBNAIL_SIZE = 256;

export interface Thumbnail {
  webp: Uint8Array;
  /** Quoted strong ETag of the WebP bytes. */
  etag: string;
  /** ThumbHash of the image, base64: about 25 bytes that decode to a blurred preview. */
  placeholder: string;
}

/** A 256 px WebP (longest side) and a ThumbHash placeholder, both from one decode of the image. */
export async function makeThumbnail(image: Uint8Array): Promise<Thumbnail> {
  const decoded = sharp(image, { failOn: 'error' });
  const webp = await decoded
    .clone()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78, effort: 2 })
    .toBuffer();
  // ThumbHash encodes images of at most 100×100 pixels.
  const { data, info } = await decoded
    .clone()
    .resize(100, 100, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const hash = rgbaToThumbHash(info.width, info.height, data);
  const etag = `"${createHash('sha256').update(webp).digest('base64url').slice(0, 27)}"`;
  return { webp, etag, placeholder: Buffer.from(hash).toString('base64') };
}
