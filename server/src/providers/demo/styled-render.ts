import { loadSharp } from '../../images/sharp-loader.ts';
import type { DemoStyleProfile } from './style-profile.ts';

/**
 * Applies a trained demo style to a drawn picture: its contrast pushed toward the set's (a flat set flattens the
 * picture, a punchy one sharpens it) and, for a set of many small shapes, a finer texture. Visibly different, and
 * still labelled as the demo's.
 */
export async function withStyleProfile(png: Uint8Array, profile: DemoStyleProfile): Promise<Uint8Array> {
  const sharp = await loadSharp();
  // 0.5 is a middling set; the slope stays between 0.6 and 1.5 so the label stays readable.
  const slope = Math.min(1.5, Math.max(0.6, 0.6 + profile.contrast * 1.2));
  let picture = sharp(png).linear(slope, 128 * (1 - slope));
  if (profile.shapeDensity > 0.15) picture = picture.sharpen({ sigma: 1 + profile.shapeDensity * 4 });
  return picture.png({ compressionLevel: 6 }).toBuffer();
}
