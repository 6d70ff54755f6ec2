import assert from 'node:assert/strict';
import { test } from 'node:test';
import { converter, formatHex } from 'culori';
import { brandFit, closeness, FAR_DELTA_E, NEAR_DELTA_E, type RgbPixels } from './brand-fit.ts';

// The shipped brand's palette: navy, blue, amber, cream, vermilion.
const PALETTE = ['#1F3A5F', '#3E7CB1', '#F2A541', '#F4E9D8', '#E4572E'];
const SIZE = 64;

/** A repeatable pseudo-random sequence (mulberry32), so the noisy images are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paint(colourAt: (x: number, y: number) => [number, number, number]): RgbPixels {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1)
      data.set(
        colourAt(x, y).map((channel) => Math.max(0, Math.min(255, Math.round(channel)))),
        (y * SIZE + x) * 3,
      );
  }
  return { width: SIZE, height: SIZE, data };
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Bands of the given colours, with a little per-pixel noise as a rendered image has. */
function bands(colours: readonly string[], shares: readonly number[], noise = 4, seed = 1): RgbPixels {
  const next = random(seed);
  const bounds = shares.map((_, index) => shares.slice(0, index + 1).reduce((sum, share) => sum + share, 0));
  return paint((x) => {
    const band = bounds.findIndex((bound) => (x + 0.5) / SIZE <= bound + 1e-9);
    return rgb(colours[band === -1 ? colours.length - 1 : band]!).map((channel) => channel + (next() - 0.5) * 2 * noise) as [
      number,
      number,
      number,
    ];
  });
}

/** A photo-like greyscale: a diagonal light gradient, a soft blob and grain. */
function greyscalePhoto(seed: number): RgbPixels {
  const next = random(seed);
  return paint((x, y) => {
    const blob = 90 * Math.exp(-((x - 40) ** 2 + (y - 24) ** 2) / 300);
    const grey = 30 + ((x + y) / (2 * SIZE)) * 170 + blob + (next() - 0.5) * 50;
    return [grey, grey, grey];
  });
}

/** Each colour with its hue turned half-way round (in OKLCH, so lightness and chroma stay). */
function complementOf(hex: string): string {
  const colour = converter('oklch')(hex)!;
  return formatHex({ ...colour, h: ((colour.h ?? 0) + 180) % 360 });
}

test('an image painted in the palette scores at least 90 and says it uses every colour', () => {
  const fit = brandFit(bands(PALETTE, [0.2, 0.2, 0.2, 0.2, 0.2]), PALETTE);
  assert.ok(fit.score >= 90, `${fit.score}: ${fit.reason}`);
  assert.equal(fit.reason, 'uses 5 of 5 brand colours; 0% of the image off-palette');
});

test('an illustration in three palette colours on the cream ground still scores at least 90', () => {
  const fit = brandFit(bands(['#F4E9D8', '#1F3A5F', '#F2A541', '#F4E9D8'], [0.4, 0.25, 0.15, 0.2]), PALETTE);
  assert.ok(fit.score >= 90, `${fit.score}: ${fit.reason}`);
  assert.match(fit.reason, /^uses 3 of 5 brand colours; 0% of the image off-palette$/);
});

test('greyscale photo-like images score at most 30', () => {
  for (const seed of [1, 2, 3]) {
    const fit = brandFit(greyscalePhoto(seed), PALETTE);
    assert.ok(fit.score <= 30, `seed ${seed}: ${fit.score}: ${fit.reason}`);
  }
});

test('an image in the complementary palette scores at most 30', () => {
  const complementary = PALETTE.map(complementOf);
  const fit = brandFit(bands(complementary, [0.2, 0.2, 0.2, 0.2, 0.2]), PALETTE);
  assert.ok(fit.score <= 30, `${fit.score}: ${fit.reason} (${complementary.join(' ')})`);
});

test('an image half in the palette and half off it lands in between, and the reason says how much is off', () => {
  const fit = brandFit(bands(['#1F3A5F', '#F2A541', '#7A2E8E', '#2EA043'], [0.25, 0.25, 0.25, 0.25]), PALETTE);
  assert.ok(fit.score > 30 && fit.score < 90, `${fit.score}: ${fit.reason}`);
  assert.equal(fit.reason, 'uses 2 of 5 brand colours; 50% of the image off-palette');
});

test('a palette colour covering a sliver of the image is not counted as used', () => {
  const fit = brandFit(bands(['#F4E9D8', '#E4572E'], [0.99, 0.01]), PALETTE);
  assert.match(fit.reason, /^uses 1 of 5 brand colours/);
});

test('a slightly shifted shade of a palette colour still counts as that colour', () => {
  // Navy 8 levels lighter in every channel: a rendering difference, not a different colour.
  const shifted = rgb('#1F3A5F').map((channel) => channel + 8) as [number, number, number];
  const fit = brandFit(
    paint(() => shifted),
    PALETTE,
  );
  assert.equal(fit.reason, 'uses 1 of 5 brand colours; 0% of the image off-palette');
});

test('the score is the same on every run and stays within 0 to 100', () => {
  const image = greyscalePhoto(7);
  const first = brandFit(image, PALETTE);
  assert.deepEqual(brandFit(image, PALETTE), first);
  for (const fit of [first, brandFit(bands(PALETTE, [0.2, 0.2, 0.2, 0.2, 0.2]), PALETTE)]) {
    assert.ok(Number.isInteger(fit.score) && fit.score >= 0 && fit.score <= 100, String(fit.score));
  }
});

test('closeness is whole within the near threshold, nothing beyond the far one, and falls linearly between', () => {
  assert.equal(closeness(0), 1);
  assert.equal(closeness(NEAR_DELTA_E), 1);
  assert.equal(closeness((NEAR_DELTA_E + FAR_DELTA_E) / 2), 0.5);
  assert.equal(closeness(FAR_DELTA_E), 0);
  assert.equal(closeness(80), 0);
});

test('an empty image scores 0 with a plain reason', () => {
  assert.deepEqual(brandFit({ width: 0, height: 0, data: new Uint8Array() }, PALETTE), {
    score: 0,
    reason: 'the image has no pixels to judge',
  });
});
