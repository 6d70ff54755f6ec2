import type { SeededRandom } from './seeded-random.ts';

/** Which palette colour plays which part in one picture. */
export interface ColourRoles {
  /** Exact palette colour the background gradient starts from. */
  background: string;
  /** Where the background gradient ends: the background nudged towards another palette colour. */
  backgroundEnd: string;
  /** Palette colours other than the background, in random order; short palettes get in-between shades. */
  accents: string[];
  /** The palette colour that stands out most against the background, for small details. */
  ink: string;
  /** A soft, low-contrast colour for large secondary areas (halos, clouds). */
  tint: string;
  darkBackground: boolean;
}

interface Rgb {
  red: number;
  green: number;
  blue: number;
}

const hexColourPattern = /^#[0-9a-f]{6}$/i;

/** Colours end up inside SVG markup, so anything but #RRGGBB is refused rather than escaped. */
export function isHexColour(value: string): boolean {
  return hexColourPattern.test(value);
}

function parseHexColour(hex: string): Rgb {
  if (!isHexColour(hex)) throw new Error(`not a colour like #1F3A5F: ${JSON.stringify(hex)}`);
  const value = Number.parseInt(hex.slice(1), 16);
  return { red: (value >> 16) & 0xff, green: (value >> 8) & 0xff, blue: value & 0xff };
}

function toHexColour({ red, green, blue }: Rgb): string {
  const channel = (value: number): string => Math.round(value).toString(16).padStart(2, '0');
  return `#${channel(red)}${channel(green)}${channel(blue)}`.toUpperCase();
}

export function mixColours(from: string, to: string, amount: number): string {
  const start = parseHexColour(from);
  const end = parseHexColour(to);
  const blend = (a: number, b: number): number => a + (b - a) * amount;
  return toHexColour({
    red: blend(start.red, end.red),
    green: blend(start.green, end.green),
    blue: blend(start.blue, end.blue),
  });
}

/** WCAG relative luminance: perceived brightness, so "light" and "dark" match what people see. */
export function relativeLuminance(hex: string): number {
  const { red, green, blue } = parseHexColour(hex);
  const linear = (value: number): number => {
    const channel = value / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

/** The colour from `candidates` that stands out most against `against`. */
export function mostContrasting(candidates: readonly string[], against: string): string {
  let best = candidates[0] ?? (relativeLuminance(against) > 0.4 ? '#111111' : '#FFFFFF');
  for (const candidate of candidates) {
    if (contrastRatio(candidate, against) > contrastRatio(best, against)) best = candidate;
  }
  return best;
}

export function assignColourRoles(palette: readonly string[], random: SeededRandom): ColourRoles {
  const unique = [...new Set(palette.map((colour) => colour.toUpperCase()))];
  const byLuminance = [...unique].sort((a, b) => relativeLuminance(a) - relativeLuminance(b));
  const darkest = byLuminance[0];
  const lightest = byLuminance[byLuminance.length - 1];
  if (darkest === undefined || lightest === undefined) throw new Error('the palette needs at least one colour');

  // Mostly light pictures, like most brand illustrations; a dark one now and then for variety.
  const darkBackground = unique.length > 1 && random.chance(0.3);
  const background = darkBackground ? darkest : lightest;
  const others = unique.filter((colour) => colour !== background);
  // A one-colour palette still needs something to draw with.
  const drawable = others.length > 0 ? others : [mixColours(background, darkBackground ? '#FFFFFF' : '#000000', 0.55)];
  const accents = random.shuffle(withInBetweenShades(drawable, background));
  const ink = mostContrasting(accents, background);
  const byGentleness = [...accents].sort((a, b) => contrastRatio(a, background) - contrastRatio(b, background));
  const gentlest = byGentleness[0] ?? ink;

  return {
    background,
    // Leaning towards a gentle neighbour keeps the gradient clean; cream mixed with navy turns grey.
    backgroundEnd: mixColours(background, random.pick(byGentleness.slice(0, 2)), random.between(0.16, 0.28)),
    accents,
    ink,
    tint: mixColours(background, gentlest, random.between(0.28, 0.42)),
    darkBackground,
  };
}

/**
 * Layered shapes (hills, overlapping blobs) merge into one silhouette when there are only one or two
 * colours to draw with, so short palettes are stretched with shades between accent and background.
 */
function withInBetweenShades(accents: readonly string[], background: string): string[] {
  if (accents.length >= 3) return [...accents];
  const shades = accents.flatMap((accent) => [mixColours(accent, background, 0.4), mixColours(accent, background, 0.7)]);
  return [...accents, ...shades].slice(0, Math.max(3, accents.length));
}
