import { loadSharp } from '../../images/sharp-loader.ts';

/** What the demo trainer learns from a set and the demo model draws with: no weights, a few measured numbers. */
export interface DemoStyleProfile {
  format: 'brandgen-demo-style-profile';
  /** The set's dominant colours, most common first. */
  palette: string[];
  /** Spread of brightness, 0 (flat grey) to 1 (black and white only). */
  contrast: number;
  /** Share of neighbouring pixels that differ sharply: many small shapes score high, broad fields low. */
  shapeDensity: number;
  triggerWord: string;
}

/** Measurements of one picture, added up over the set. */
export interface PictureTally {
  /** Colour bucket (4 bits a channel) → pixel count, with the sums to average each bucket's colour. */
  buckets: Map<number, { count: number; red: number; green: number; blue: number }>;
  brightness: number[];
  edges: number;
  pairs: number;
}

export function emptyTally(): PictureTally {
  return { buckets: new Map(), brightness: [], edges: 0, pairs: 0 };
}

const SIDE = 64;
const EDGE_STEP = 48;

/** Reads one picture at 64×64 into the tally. */
export async function tallyPicture(image: Uint8Array, tally: PictureTally): Promise<void> {
  const sharp = await loadSharp();
  const { data } = await sharp(image).removeAlpha().resize(SIDE, SIDE, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
  for (let pixel = 0; pixel < SIDE * SIDE; pixel += 1) {
    const [red, green, blue] = [data[pixel * 3] ?? 0, data[pixel * 3 + 1] ?? 0, data[pixel * 3 + 2] ?? 0];
    const key = ((red >> 4) << 8) | ((green >> 4) << 4) | (blue >> 4);
    const bucket = tally.buckets.get(key) ?? { count: 0, red: 0, green: 0, blue: 0 };
    bucket.count += 1;
    bucket.red += red;
    bucket.green += green;
    bucket.blue += blue;
    tally.buckets.set(key, bucket);
    const light = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
    tally.brightness.push(light);
    if (pixel % SIDE !== SIDE - 1) {
      const next = (pixel + 1) * 3;
      const neighbour = 0.2126 * (data[next] ?? 0) + 0.7152 * (data[next + 1] ?? 0) + 0.0722 * (data[next + 2] ?? 0);
      tally.pairs += 1;
      if (Math.abs(light - neighbour) > EDGE_STEP) tally.edges += 1;
    }
  }
}

/** The profile of everything tallied: five colours that are not near-copies of each other, contrast and density. */
export function profileOf(tally: PictureTally, triggerWord: string): DemoStyleProfile {
  const ranked = [...tally.buckets.values()].sort((first, second) => second.count - first.count);
  const palette: string[] = [];
  const chosen: [number, number, number][] = [];
  for (const bucket of ranked) {
    const colour: [number, number, number] = [bucket.red / bucket.count, bucket.green / bucket.count, bucket.blue / bucket.count];
    if (chosen.some((other) => Math.hypot(other[0] - colour[0], other[1] - colour[1], other[2] - colour[2]) < 40)) continue;
    chosen.push(colour);
    palette.push(`#${colour.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`);
    if (palette.length === 5) break;
  }
  const mean = tally.brightness.reduce((sum, value) => sum + value, 0) / Math.max(1, tally.brightness.length);
  const variance = tally.brightness.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, tally.brightness.length);
  return {
    format: 'brandgen-demo-style-profile',
    palette,
    contrast: round(Math.min(1, Math.sqrt(variance) / 127.5)),
    shapeDensity: round(tally.edges / Math.max(1, tally.pairs)),
    triggerWord,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Reads a stored profile back; undefined for anything else (a real LoRA file, a damaged profile). */
export function parseStyleProfile(text: string): DemoStyleProfile | undefined {
  try {
    const value = JSON.parse(text) as Partial<DemoStyleProfile>;
    if (value.format !== 'brandgen-demo-style-profile' || !Array.isArray(value.palette)) return undefined;
    const palette = value.palette.filter((colour): colour is string => typeof colour === 'string' && /^#[0-9a-f]{6}$/iu.test(colour));
    if (palette.length === 0) return undefined;
    return {
      format: 'brandgen-demo-style-profile',
      palette,
      contrast: typeof value.contrast === 'number' ? value.contrast : 0.5,
      shapeDensity: typeof value.shapeDensity === 'number' ? value.shapeDensity : 0.1,
      triggerWord: typeof value.triggerWord === 'string' ? value.triggerWord : '',
    };
  } catch {
    return undefined;
  }
}
