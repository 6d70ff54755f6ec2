import { loadSharp } from './sharp-loader.ts';

/** The longest side of the image a language model reviews: enough to judge colour, style and text, at a modest cost. */
export const REVIEW_PICTURE_SIZE = 1024;

/**
 * The image as sent for review: at most 1024 px on its longest side (never enlarged), as a JPEG, which carries the
 * same picture in a fraction of a PNG's bytes. Transparent areas are shown on white, as the viewer shows them.
 */
export async function reviewPicture(image: Uint8Array): Promise<{ bytes: Uint8Array; mediaType: 'image/jpeg' }> {
  const sharp = await loadSharp();
  const bytes = await sharp(image)
    .rotate()
    .resize(REVIEW_PICTURE_SIZE, REVIEW_PICTURE_SIZE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85 })
    .toBuffer();
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType: 'image/jpeg' };
}
