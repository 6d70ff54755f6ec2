import { converter, differenceCiede2000, type Lab65 } from 'culori';
import type { BrandFit } from './brand-fit-result.ts';

/**
 * How well an image keeps to the brand palette, 0–100, from its pixels alone (docs/brand-fit.md has the formula and
 * why each threshold is where it is). Pure: the caller decodes the image (small, e.g. 64×64, is plenty).
 *
 * CIEDE2000 comes from culori (maintained, typed, Sharma's reference implementation); only the k-means step, which
 * needs a plain and fast Euclidean distance over thousands of pixels, works on the Lab numbers directly.
 */

export interface RgbPixels {
  width: number;
  height: number;
  /** Three bytes per pixel, R G B, row by row. */
  data: Uint8Array;
}

/** Colour clusters the image is reduced to: enough for a brand palette (up to 12), few enough to stay cheap. */
export const CLUSTERS = 8;
/** A cluster this close (ΔE00) to a palette colour counts fully as that colour: a shade a viewer reads as the same. */
export const NEAR_DELTA_E = 6;
/** From this far on a cluster counts as off-palette; between NEAR and FAR the credit falls linearly. */
export const FAR_DELTA_E = 14;
/** A palette colour is "used" when clusters near it cover at least this share of the image. */
export const MIN_USE_SHARE = 0.02;
/** Using this many palette colours (or all of a smaller palette) earns the whole coverage part. */
export const COVERAGE_TARGET = 4;
/** The score's parts: how much of the image is on palette, and how much of the palette the image uses. */
export const ON_PALETTE_WEIGHT = 0.75;
export const COVERAGE_WEIGHT = 0.25;

const KMEANS_ROUNDS = 8;
const toLab = converter('lab65');
const deltaE = differenceCiede2000();

interface WeightedPoints {
  /** [L, a, b] per distinct colour. */
  points: Float64Array;
  /** Pixels per distinct colour. */
  weights: Float64Array;
  /** Pixels in all. */
  total: number;
}

interface Cluster {
  lab: Lab65;
  /** Share of the image's pixels, 0–1. */
  share: number;
}

export function brandFit(pixels: RgbPixels, palette: readonly string[]): BrandFit {
  const colours = distinctColours(pixels);
  if (colours.total === 0) return { score: 0, reason: 'the image has no pixels to judge' };
  const brand = palette.map((hex) => toLab(hex)).filter((colour): colour is Lab65 => colour !== undefined);
  if (brand.length === 0) return { score: 0, reason: 'the brand has no palette to compare with' };

  const usedShare = new Array<number>(brand.length).fill(0);
  let onPalette = 0;
  for (const cluster of kMeans(colours, CLUSTERS)) {
    const { index, distance } = nearest(cluster.lab, brand);
    const credit = closeness(distance);
    onPalette += cluster.share * credit;
    usedShare[index]! += cluster.share * credit;
  }
  const used = usedShare.filter((share) => share >= MIN_USE_SHARE).length;
  const coverage = Math.min(1, used / Math.min(brand.length, COVERAGE_TARGET));
  const score = Math.round(100 * (ON_PALETTE_WEIGHT * onPalette + COVERAGE_WEIGHT * coverage));
  const offPercent = Math.round(100 * (1 - onPalette));
  return {
    score: Math.max(0, Math.min(100, score)),
    reason: `uses ${used} of ${brand.length} brand colours; ${offPercent}% of the image off-palette`,
  };
}

/** 1 within NEAR_DELTA_E, 0 from FAR_DELTA_E, linear between. */
export function closeness(distance: number): number {
  if (distance <= NEAR_DELTA_E) return 1;
  if (distance >= FAR_DELTA_E) return 0;
  return (FAR_DELTA_E - distance) / (FAR_DELTA_E - NEAR_DELTA_E);
}

function nearest(colour: Lab65, palette: readonly Lab65[]): { index: number; distance: number } {
  let best = { index: 0, distance: Number.POSITIVE_INFINITY };
  palette.forEach((candidate, index) => {
    const distance = deltaE(colour, candidate);
    if (distance < best.distance) best = { index, distance };
  });
  return best;
}

/**
 * The image's distinct colours as [L, a, b] triples (D65), each with the number of pixels that have it, in order of
 * first appearance. Clustering the distinct colours weighted by their counts gives the same clusters as clustering
 * every pixel, at a fraction of the work: a brand illustration has a few hundred colours in 4,096 pixels.
 */
function distinctColours(pixels: RgbPixels): WeightedPoints {
  const count = Math.min(pixels.width * pixels.height, Math.floor(pixels.data.length / 3));
  const indexOf = new Map<number, number>();
  const lab: number[] = [];
  const weights: number[] = [];
  for (let pixel = 0; pixel < count; pixel += 1) {
    const r = pixels.data[pixel * 3]!;
    const g = pixels.data[pixel * 3 + 1]!;
    const b = pixels.data[pixel * 3 + 2]!;
    const key = (r << 16) | (g << 8) | b;
    const known = indexOf.get(key);
    if (known !== undefined) {
      weights[known]! += 1;
      continue;
    }
    const colour = toLab({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 });
    indexOf.set(key, weights.length);
    lab.push(colour.l, colour.a, colour.b);
    weights.push(1);
  }
  return { points: Float64Array.from(lab), weights: Float64Array.from(weights), total: count };
}

/**
 * Lloyd's k-means in Lab over the weighted distinct colours, started by farthest-point seeding (deterministic, so a
 * score never changes between runs, and it finds a small accent colour that random seeding can miss). Empty clusters
 * are dropped.
 */
function kMeans({ points, weights, total }: WeightedPoints, k: number): Cluster[] {
  const count = weights.length;
  const centres = farthestPointSeeds(points, k);
  const assignment = new Int32Array(count);
  for (let round = 0; round < KMEANS_ROUNDS; round += 1) {
    for (let point = 0; point < count; point += 1) assignment[point] = closestCentre(points, point, centres);
    const sums = new Float64Array(centres.length * 4);
    for (let point = 0; point < count; point += 1) {
      const at = assignment[point]! * 4;
      const weight = weights[point]!;
      sums[at]! += points[point * 3]! * weight;
      sums[at + 1]! += points[point * 3 + 1]! * weight;
      sums[at + 2]! += points[point * 3 + 2]! * weight;
      sums[at + 3]! += weight;
    }
    centres.forEach((centre, index) => {
      const members = sums[index * 4 + 3]!;
      if (members > 0) centre.splice(0, 3, sums[index * 4]! / members, sums[index * 4 + 1]! / members, sums[index * 4 + 2]! / members);
    });
  }
  const members = new Float64Array(centres.length);
  for (let point = 0; point < count; point += 1) members[closestCentre(points, point, centres)]! += weights[point]!;
  return centres.flatMap((centre, index) =>
    members[index]! > 0 ? [{ lab: { mode: 'lab65', l: centre[0]!, a: centre[1]!, b: centre[2]! }, share: members[index]! / total }] : [],
  );
}

function farthestPointSeeds(points: Float64Array, k: number): number[][] {
  const count = points.length / 3;
  const centres = [[points[0]!, points[1]!, points[2]!]];
  const distances = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  while (centres.length < k) {
    const last = centres.at(-1)!;
    let farthest = -1;
    for (let point = 0; point < count; point += 1) {
      distances[point] = Math.min(distances[point]!, squaredDistance(points, point, last));
      if (farthest < 0 || distances[point]! > distances[farthest]!) farthest = point;
    }
    // Fewer distinct colours than clusters: every colour is already a centre.
    if (distances[farthest]! === 0) break;
    centres.push([points[farthest * 3]!, points[farthest * 3 + 1]!, points[farthest * 3 + 2]!]);
  }
  return centres;
}

function closestCentre(points: Float64Array, point: number, centres: readonly number[][]): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  centres.forEach((centre, index) => {
    const distance = squaredDistance(points, point, centre);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

function squaredDistance(points: Float64Array, point: number, centre: readonly number[]): number {
  const dl = points[point * 3]! - centre[0]!;
  const da = points[point * 3 + 1]! - centre[1]!;
  const db = points[point * 3 + 2]! - centre[2]!;
  return dl * dl + da * da + db * db;
}
