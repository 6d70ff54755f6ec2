import { createHash } from 'node:crypto';
import { loadSharp } from './sharp-loader.ts';

export interface ImageFacts {
  contentType: string;
  byteSize: number;
  sha256: string;
  width: number;
  height: number;
}

/** Reads what the library and the HTTP layer need to know about an image from its header alone. */
export async function imageFacts(bytes: Uint8Array): Promise<ImageFacts> {
  const sharp = await loadSharp();
  const metadata = await sharp(bytes).metadata();
  if (!metadata.width || !metadata.height) throw new Error('The model returned something that is not an image.');
  return {
    contentType: metadata.format === 'png' ? 'image/png' : `image/${metadata.format}`,
    byteSize: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    width: metadata.width,
    height: metadata.height,
  };
}
