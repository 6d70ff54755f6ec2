import { loadSharp } from './sharp-loader.ts';

/** The longest side of the preview that thumbnails and brand-fit scores are both made from. */
export const PREVIEW_SIZE = 256;

export interface PreviewPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Decoding a 1024 px image is most of the cost of scoring it and of making its thumbnail, and a stored job image
 * needs both: the preview of one image's bytes is made once and shared while those bytes are alive.
 */
const previews = new WeakMap<Uint8Array, Promise<PreviewPixels>>();

/** The image decoded straight to at most 256 px on its longest side, as raw pixels. */
export function previewPixels(image: Uint8Array): Promise<PreviewPixels> {
  let preview = previews.get(image);
  if (!preview) {
    preview = decodePreview(image);
    previews.set(image, preview);
  }
  return preview;
}

async function decodePreview(image: Uint8Array): Promise<PreviewPixels> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(image, { failOn: 'error' })
    .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
