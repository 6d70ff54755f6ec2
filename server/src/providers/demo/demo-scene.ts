import { isAssetType, type AssetType } from '../../domain/brand-kit.ts';
import { addPngText, readPngText } from '../../images/png-text.ts';
import { isHexColour } from './palette-colours.ts';

/**
 * Everything a demo picture was drawn from, kept in a PNG text chunk of the picture itself, so a later demo edit can
 * draw the same picture again with the change applied to its subject. A source without it (an image from another model,
 * or from an older demo) is edited the old way, by a tint over the whole.
 */
export interface DemoScene {
  description: string;
  assetType: AssetType | null;
  seed: number;
  palette: string[];
  brandName: string;
}

const sceneKeyword = 'brandgen-demo-scene';
const longestText = 2_000;

export function withScene(png: Uint8Array, scene: DemoScene): Uint8Array {
  return addPngText(png, { [sceneKeyword]: JSON.stringify(scene) });
}

/** The scene of a demo picture, or null for any other image, including a damaged or hand-made chunk. */
export function sceneOf(image: Uint8Array): DemoScene | null {
  let text: string | undefined;
  try {
    text = readPngText(image)[sceneKeyword];
  } catch {
    return null; // not a PNG (JPEG and WebP sources are allowed), or a damaged one: no scene either way
  }
  if (text === undefined || text.length > longestText) return null;
  try {
    return validScene(JSON.parse(text));
  } catch {
    return null;
  }
}

function validScene(value: unknown): DemoScene | null {
  const scene = value as Partial<Record<keyof DemoScene, unknown>>;
  const { description, assetType, seed, palette, brandName } = scene;
  if (typeof description !== 'string' || typeof brandName !== 'string') return null;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) return null;
  // The colours are written into SVG markup as they are, so the palette is held to #RRGGBB like the model's own.
  if (!Array.isArray(palette) || palette.length === 0 || !palette.every((colour) => typeof colour === 'string' && isHexColour(colour)))
    return null;
  if (assetType !== null && !(typeof assetType === 'string' && isAssetType(assetType))) return null;
  return { description, assetType, seed, palette, brandName };
}
