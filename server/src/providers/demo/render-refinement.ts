import type { OverlayOptions } from 'sharp';
import { loadSharp } from '../../images/sharp-loader.ts';
import type { AssetType } from '../../domain/brand-kit.ts';
import { sceneEditFor } from './demo-edit.ts';
import { sceneOf, withScene, type DemoScene } from './demo-scene.ts';
import { renderComposition } from './render-composition.ts';
import { createSeededRandom, hashText } from './seeded-random.ts';
import { element, escapeXml, rect, sansFonts } from './svg-shapes.ts';

export interface RefinementRequest {
  /** The source image as PNG, JPEG or WebP bytes. */
  source: Uint8Array;
  /** The edit instruction, or the prompt of an image-to-image variation. */
  prompt: string;
  /** Image-to-image: the user's own description, which names the subject of the fresh composition. */
  description?: string | undefined;
  assetType?: AssetType | undefined;
  brandName?: string | undefined;
  seed: number;
  /** #RRGGBB colours, checked by the caller. */
  palette: readonly string[];
  width: number;
  height: number;
  /** Set for image-to-image: how much of a fresh composition replaces the source (0.05 to 1). Unset for an edit. */
  strength: number | null;
}

const bandColour = '#0F172A';
const longestLabel = 90;

/**
 * A visible, labelled stand-in for an AI edit or image-to-image run, so the refinement flow can be seen working
 * offline. An edit of a demo picture draws it again with the change applied to its subject (or to its background when
 * the instruction says so); an edit of any other image tints it toward a palette colour and turns its hues, both chosen
 * by the seed. An image-to-image variation blends a fresh composition over the source by the strength. A dark band
 * across the top names what was done and says it is not AI.
 */
export async function renderRefinement(request: RefinementRequest): Promise<Uint8Array> {
  const scene = request.strength === null ? sceneOf(request.source) : null;
  return scene === null ? renderOverSource(request) : renderSceneEdit(request, scene);
}

/** The demo picture the source was, drawn again from its scene with the instruction applied, then labelled. */
async function renderSceneEdit(request: RefinementRequest, scene: DemoScene): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const { width, height } = request;
  const source = await sharp(request.source).metadata();
  const redrawn = await renderComposition({
    prompt: scene.description,
    ...scene,
    assetType: scene.assetType ?? undefined,
    // The source's own size, so the layout lands where it was; resized afterwards if the edit asks for another.
    width: source.width ?? width,
    height: source.height ?? height,
    edit: sceneEditFor(request.prompt, request.seed),
  });
  const label = `DEMO EDIT · not AI: ${request.prompt}`;
  const png = await sharp(redrawn)
    .resize(width, height, { fit: 'cover' })
    .composite([{ input: Buffer.from(labelBand(width, height, label)), top: 0, left: 0 }])
    .png({ compressionLevel: 6 })
    .toBuffer();
  // The scene travels on, so an edit of this edit draws the same picture again, with the newer change only.
  return withScene(png, scene);
}

async function renderOverSource(request: RefinementRequest): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const { width, height, seed, strength } = request;
  const random = createSeededRandom(hashText(`${request.prompt}\u0000${seed}`));
  const base = sharp(request.source).resize(width, height, { fit: 'cover' }).removeAlpha();
  const layers: OverlayOptions[] = [];
  if (strength === null) {
    const tint = random.pick(request.palette);
    layers.push({ input: Buffer.from(svg(width, height, rect(0, 0, width, height, { fill: tint, 'fill-opacity': 0.45 }))) });
    base.modulate({ hue: Math.round(random.between(40, 320)) });
  } else {
    const { prompt, description, assetType, brandName, palette } = request;
    const fresh = await renderComposition({ prompt, description, assetType, brandName, seed, palette, width, height });
    const overlay = await sharp(fresh).removeAlpha().ensureAlpha(strength).png().toBuffer();
    layers.push({ input: overlay });
  }
  const label = strength === null ? `DEMO EDIT · not AI: ${request.prompt}` : `DEMO VARIATION · not AI · strength ${strength.toFixed(2)}`;
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
          'font-family': sansFonts,
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
