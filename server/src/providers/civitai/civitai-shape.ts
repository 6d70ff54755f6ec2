import type { ImageShape } from '../image-model-catalog.ts';

/**
 * The asset type's pixel size brought within what civitai's engine accepts for a model: each side between `min` and
 * `max` and a multiple of `multiple` (FLUX.1: 832–1216 in steps of 16; SDXL: 64–2048 in steps of 8). The aspect ratio
 * is kept as far as those bounds allow.
 */
export function civitaiShape(bounds: { min: number; max: number; multiple: number }): (size: `${number}x${number}`) => ImageShape {
  const { min, max, multiple } = bounds;
  const fit = (side: number) => Math.min(max, Math.max(min, Math.round(side / multiple) * multiple));
  return (size) => {
    const [width, height] = size.split('x').map(Number) as [number, number];
    // Shrink both sides together when the longer one is too long, so a wide banner stays as wide as it may.
    const scale = Math.min(1, max / Math.max(width, height));
    return { size: `${fit(width * scale)}x${fit(height * scale)}` };
  };
}
