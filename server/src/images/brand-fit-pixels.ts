import { loadSharp } from './sharp-loader.ts';
import type { BrandFit } from '../domain/brand-fit-result.ts';
import { previewPixels } from './preview-pixels.ts';

/** The side the image is reduced to before scoring: 4,096 pixels keep every colour covering a visible area. */
export const BRAND_FIT_SIDE = 64;

/**
 * Reduces the image's shared 256 px preview (the thumbnail is made from it too) to a small RGB square and scores it
 * against the palette. Stretched to a square rather than fitted inside one, so every part of the image keeps its
 * share of the area (the score weighs colours by area).
 */
export async function measureBrandFit(image: Uint8Array, palette: readonly string[]): Promise<BrandFit> {
  const sharp = await loadSharp();
  const preview = await previewPixels(image);
  const raw = { raw: { width: preview.width, height: preview.height, channels: preview.channels } } as const;
  const { data, info } = await sharp(preview.data, raw)
    .resize(BRAND_FIT_SIDE, BRAND_FIT_SIDE, { fit: 'fill', kernel: 'linear' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Loaded on the first score: the colour science (culori) is not held by a server that has scored nothing yet.
  const { brandFit } = await import('../domain/brand-fit.ts');
  return brandFit({ width: info.width, height: info.height, data }, palette);
}
