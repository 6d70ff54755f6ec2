// `npm run bench` (brand fit): what scoring an image against the brand palette costs, per 1024² image.
import { generateImage } from 'ai';
import sharp from 'sharp';
import { createDemoImageModel } from '../src/providers/demo/demo-image-model.ts';
import { measureBrandFit } from '../src/images/brand-fit-pixels.ts';
import { median, percentile } from './measure.ts';

const PALETTE = ['#1F3A5F', '#3E7CB1', '#F2A541', '#F4E9D8', '#E4572E'];
const ROUNDS = 40;
/** A job's images are scored while they are written; a demo call of 500 ms may grow by 5 % at most (run.ts). */
const TARGET_MS = 25;

/** A noisy photo-like PNG: the slowest kind to decode, as compression finds little to save. */
async function noisyPhoto(): Promise<Uint8Array> {
  const side = 1024;
  const pixels = Buffer.alloc(side * side * 3);
  for (let index = 0; index < pixels.length; index += 1) pixels[index] = (((index / 3) % side) / 4 + Math.random() * 96) & 255;
  return new Uint8Array(
    await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

/**
 * Wall milliseconds of each scoring, and the CPU milliseconds of all of them per image (sharp's threads included):
 * on a busy machine the wall time mostly measures waiting for a core, the CPU time what the score itself costs.
 */
async function timesOf(image: Uint8Array): Promise<{ wall: number[]; cpuMs: number }> {
  const wall: number[] = [];
  // Each scoring gets its own copy of the bytes: the decode is shared per bytes object (with the thumbnail), and the
  // figure must include it.
  for (let round = 0; round < 5; round += 1) await measureBrandFit(image.slice(), PALETTE); // warms sharp and the JIT
  const copies = Array.from({ length: ROUNDS }, () => image.slice());
  const cpuBefore = process.cpuUsage();
  for (const copy of copies) {
    const started = performance.now();
    await measureBrandFit(copy, PALETTE);
    wall.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpuMs: (cpu.user + cpu.system) / 1000 / ROUNDS };
}

const model = createDemoImageModel({ palette: PALETTE, brandName: 'bench', latencyMs: 0 });
const { image } = await generateImage({ model, prompt: 'brand fit', n: 1, seed: 42, size: '1024x1024', maxRetries: 0 });
for (const [name, bytes] of [
  ['demo illustration', image.uint8Array],
  ['noisy photo', await noisyPhoto()],
] as const) {
  const { wall, cpuMs } = await timesOf(bytes);
  const fit = await measureBrandFit(bytes, PALETTE);
  const met = cpuMs <= TARGET_MS;
  console.log(
    `${met ? 'meets ' : 'MISSES'}  brand fit, ms per 1024² image (${name}, scored ${fit.score}): ${cpuMs.toFixed(1)} ms CPU; ` +
      `${median(wall).toFixed(1)} ms wall median, ${percentile(wall, 0.95).toFixed(1)} ms p95 of ${ROUNDS} (target ≤ ${TARGET_MS} ms CPU)`,
  );
}
