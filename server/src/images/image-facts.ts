import { createHash } from 'node:crypto';
import { pngDimensions } from './png-chunks.ts';

export interface ImageFacts {
  contentType: string;
  byteSize: number;
  sha256: string;
  width: number;
  height: number;
}

/**
 * What the library and the HTTP layer need to know about a generated image. Every image the job runner stores is a PNG
 * that went through addPngText, so its header is read here directly: asking sharp cost about 0.2 ms of the main
 * thread and a thread-pool round trip per image, on the way from the model's answer to the job's `complete`.
 */
export async function imageFacts(bytes: Uint8Array): Promise<ImageFacts> {
  let size: { width: number; height: number };
  try {
    size = pngDimensions(bytes);
  } catch (error) {
    throw new Error(`The model returned something that is not an image (${(error as Error).message}).`, { cause: error });
  }
  return {
    contentType: 'image/png',
    byteSize: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...size,
  };
}
