import sharp, { type OverlayOptions } from 'sharp';
import { renderComposition } from './render-composition.ts';
import { createSeededRandom, hashText } from './seeded-random.ts';
import { element, escapeXml, rect } from './svg-shapes.ts';

export interface RefinementRequest {
  /** The source image as PNG, JPEG or WebP bytes. */
  source: Uint8Array;
  /** The edit instruction, or the prompt of an image-to-image variation. */
  prompt: string;
  seed: number;
  /** #RRGGBB colours, checked by the caller. */
  palette: readonly string[];
  width: number;
  height: number;
  /** Set for image-to-image: how much of a fresh composition replaces the source (0.05 to 1). Unset for an edit. */
  strength: number | null;
}

const bandColour = '#0F172A';
const labelFonts = 'DejaVu Sans, Helvetica, Arial, Liberation Sans, sans-serif';
const longestLabel = 90;

/**
 * A visible, labelled stand-in for an AI edit or image-to-image run, so the refinement flow can be seen working
 * offline. An edit tints the source toward a palette colour and turns its hues, both chosen by the seed; an
 * image-to-image variation blends a fresh composition over the source by the strength. A dark band across the top
 * names what was done and says it is not AI.
 */
export async function renderRefinement(request: RefinementRequest): Promise<Uint8Array> {
  const { width, height, seed, strength } = request;
  const random = createSeededRandom(hashText(`${request.prompt}\u0000${seed}`));
  const base = sharp(request.source).resize(width, height, { fit: 'cover' }).removeAlpha();
  const layers: OverlayOptions[] = [];
  if (strength === null) {
    const tint = random.pick(request.palette);
    layers.push({ input: Buffer.from(svg(width, height, rect(0, 0, width, height, { fill: tint, 'fill-opacity': 0.45 }))) });
    base.modulate({ hue: Math.round(random.between(40, 320)) });
  } else {
    const fresh = await renderComposition({ prompt: request.prompt, seed, palette: request.palette, width, height });
    const overlay = await sharp(fresh).removeAlpha().ensureAlpha(strength).png().toBuffer();
    layers.push({ input: overlay });
  }
  const label =
    strength === null ? `DEMO EDIT · not AI: ${request.prompt}` : `DEMO VARIATION · not AI · strength ${strength.toFixed(2)}`;
  layers.push({ input: Buffer.from(labelBand(width, height, label)), top: 0, left: 0 });
  // Flattened first, so the tint and the band land on the hue-turned source rather than being turned with it.
  const turned = await base.png().toBuffer();
  const png = await sharp(turned).composite(layers).png({ compressionLevel: 6 }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** The height of the label band: what tests and callers may treat as the labelled region. */
export function labelBandHeight(width: number, height: number): number {
  return Math.round(Math.max(16, Math.min(width, height) * 0.06));
}

function labelBand(width: number, height: number, text: string): string {
  const bandHeight = labelBandHeight(width, height);
  const fontSize = bandHeight * 0.42;
  const shown = [...text].length > longestLabel ? `${[...text].slice(0, longestLabel - 1).join('')}…` : text;
  return svg(
    width,
    bandHeight,
    rect(0, 0, width, bandHeight, { fill: bandColour }) +
      element(
        'text',
        {
          x: bandHeight * 0.4,
          y: bandHeight / 2 + fontSize * 0.36,
          'font-family': labelFonts,
          'font-size': fontSize,
          'font-weight': 'bold',
          fill: '#FFFFFF',
        },
        escapeXml(shown),
      ),
  );
}

function svg(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}
