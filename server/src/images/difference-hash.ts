import { loadSharp } from './sharp-loader.ts';

/**
 * A 64-bit difference hash (dHash): the picture shrunk to 9×8 grey pixels, one bit per pair of horizontal neighbours
 * saying whether brightness falls. Resizing, recompression and small edits change few bits, so near-duplicates sit
 * within a few bits of each other. Written here rather than taken from npm: the lockfile has no perceptual-hash
 * package, and the ones on npm either pull in their own image decoders (jimp, canvas) or are unmaintained, while this
 * is a dozen lines over sharp, which the server already uses.
 */
export async function differenceHash(image: Uint8Array): Promise<string> {
  const sharp = await loadSharp();
  const { data } = await sharp(image).greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  let bits = 0n;
  for (let row = 0; row < 8; row += 1) {
    for (let column = 0; column < 8; column += 1) {
      const left = data[row * 9 + column] ?? 0;
      const right = data[row * 9 + column + 1] ?? 0;
      bits = (bits << 1n) | (left > right ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}
