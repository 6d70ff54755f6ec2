import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ImageModelV4, ImageModelV4CallOptions } from '@ai-sdk/provider';
import { generateImage } from 'ai';
import sharp from 'sharp';
import { createDemoImageModel } from './demo-image-model.ts';
import { buildCompositionSvg } from './render-composition.ts';
import { labelBandHeight } from './render-refinement.ts';

const palette = ['#1F3A5F', '#3E7CB1', '#F2A541', '#F4E9D8', '#E4572E'];

function demoModel(latencyMs = 0): ImageModelV4 {
  return createDemoImageModel({ palette, brandName: 'Brandgen Studio', latencyMs });
}

function callOptions(overrides: Partial<ImageModelV4CallOptions> = {}): ImageModelV4CallOptions {
  return {
    prompt: 'a friendly mascot for a coffee brand',
    n: 1,
    size: undefined,
    aspectRatio: undefined,
    seed: 42,
    files: undefined,
    mask: undefined,
    providerOptions: {},
    ...overrides,
  };
}

async function generateOne(overrides: Partial<ImageModelV4CallOptions> = {}): Promise<Uint8Array> {
  const result = await demoModel().doGenerate(callOptions(overrides));
  const image = result.images[0];
  assert.ok(image instanceof Uint8Array);
  return image;
}

async function pixelsOf(png: Uint8Array): Promise<Buffer> {
  return sharp(png).removeAlpha().raw().toBuffer();
}

/** Share of pixels that differ noticeably: "visibly different", not just a few bytes of PNG. */
async function differingShare(first: Uint8Array, second: Uint8Array): Promise<number> {
  const [a, b] = await Promise.all([pixelsOf(first), pixelsOf(second)]);
  let differing = 0;
  for (let index = 0; index < a.length; index += 3) {
    const distance =
      Math.abs((a[index] ?? 0) - (b[index] ?? 0)) +
      Math.abs((a[index + 1] ?? 0) - (b[index + 1] ?? 0)) +
      Math.abs((a[index + 2] ?? 0) - (b[index + 2] ?? 0));
    if (distance > 30) differing += 1;
  }
  return differing / (a.length / 3);
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

async function assertPng1024(png: Uint8Array): Promise<void> {
  const metadata = await sharp(png).metadata();
  assert.equal(metadata.format, 'png');
  assert.equal(metadata.width, 1024);
  assert.equal(metadata.height, 1024);
}

describe('demo image model', () => {
  before(async () => {
    // The first render loads fonts and librsvg; keep that out of the timing tests.
    await generateOne();
  });

  it('describes itself as an AI SDK v4 image model', () => {
    const model = demoModel();
    assert.equal(model.specificationVersion, 'v4');
    assert.equal(model.provider, 'brandgen-demo');
    assert.equal(model.modelId, 'demo');
    assert.equal(model.maxImagesPerCall, 4);
  });

  it('works through generateImage: four 1024×1024 PNGs with consecutive seeds', async () => {
    const result = await generateImage({ model: demoModel(), prompt: 'ocean campaign', n: 4, seed: 7, maxRetries: 0 });
    assert.equal(result.images.length, 4);
    for (const image of result.images) {
      assert.equal(image.mediaType, 'image/png');
      await assertPng1024(image.uint8Array);
    }
    assert.deepEqual(result.providerMetadata['brandgen-demo']?.images, [{ seed: 7 }, { seed: 8 }, { seed: 9 }, { seed: 10 }]);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.responses[0]?.modelId, 'demo');
  });

  it('saves its pictures opaque, without an alpha channel, as a diffusion model does', async () => {
    const { image } = await generateImage({ model: demoModel(), prompt: 'a lighthouse at dusk', seed: 3, maxRetries: 0 });
    const metadata = await sharp(image.uint8Array).metadata();
    assert.equal(metadata.channels, 3);
    assert.equal(metadata.hasAlpha, false);
  });

  it('returns PNG bytes, seeds and response details from doGenerate', async () => {
    const before = Date.now();
    const result = await demoModel().doGenerate(callOptions({ n: 2, seed: 100 }));
    assert.equal(result.images.length, 2);
    for (const image of result.images) {
      assert.ok(image instanceof Uint8Array);
      assert.equal(Object.getPrototypeOf(image), Uint8Array.prototype);
      await assertPng1024(image);
    }
    assert.deepEqual(result.providerMetadata, { 'brandgen-demo': { images: [{ seed: 100 }, { seed: 101 }] } });
    assert.deepEqual(result.warnings, []);
    assert.equal(result.response.modelId, 'demo');
    assert.equal(result.response.headers, undefined);
    assert.ok(result.response.timestamp.getTime() >= before - 1);
  });

  it('picks a random seed when none is given and reports it', async () => {
    const result = await demoModel().doGenerate(callOptions({ n: 2, seed: undefined }));
    const seeds = (result.providerMetadata?.['brandgen-demo']?.images as { seed: number }[]).map((image) => image.seed);
    assert.equal(seeds.length, 2);
    assert.ok(Number.isInteger(seeds[0]));
    assert.equal(seeds[1], (seeds[0] ?? 0) + 1);
    // The reported seed reproduces the picture.
    assert.deepEqual(await generateOne({ seed: seeds[1] }), result.images[1]);
  });

  it('is deterministic in prompt and seed, across model instances', async () => {
    const first = await generateOne({ prompt: 'launch poster', seed: 5 });
    const second = await createDemoImageModel({ palette, brandName: 'Other', latencyMs: 0 }).doGenerate(
      callOptions({ prompt: 'launch poster', seed: 5 }),
    );
    assert.deepEqual(second.images[0], first);
  });

  it('draws a visibly different picture for a different seed or prompt', async () => {
    const original = await generateOne({ prompt: 'launch poster', seed: 5 });
    const otherSeed = await generateOne({ prompt: 'launch poster', seed: 6 });
    const otherPrompt = await generateOne({ prompt: 'launch posters', seed: 5 });
    assert.ok((await differingShare(original, otherSeed)) > 0.1, 'different seed');
    assert.ok((await differingShare(original, otherPrompt)) > 0.1, 'different prompt');
  });

  it('renders image i of a batch with seed + i', async () => {
    const batch = await demoModel().doGenerate(callOptions({ n: 3, seed: 20 }));
    for (let index = 0; index < 3; index += 1) {
      assert.deepEqual(batch.images[index], await generateOne({ seed: 20 + index }), `image ${index}`);
    }
  });

  it('waits the latency it is given before answering', async () => {
    // That the wait is once per batch, not once per image, is a speed figure: `npm run bench` measures a job's wall
    // time against one demo call.
    const latencyMs = 250;
    const started = performance.now();
    const result = await demoModel(latencyMs).doGenerate(callOptions({ n: 4 }));
    assert.equal(result.images.length, 4);
    assert.ok(performance.now() - started >= latencyMs - 5, 'answered before the latency');
  });

  it('rejects promptly with the signal reason when aborted during the wait', async () => {
    const controller = new AbortController();
    const started = performance.now();
    // Promise.resolve: the spec types doGenerate as PromiseLike, assert.rejects wants a Promise.
    const generation = Promise.resolve(demoModel(5_000).doGenerate(callOptions({ n: 4, abortSignal: controller.signal })));
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(generation, (error: unknown) => error instanceof Error && error.name === 'AbortError');
    assert.ok(performance.now() - started < 1_000, 'abort was not prompt');

    const custom = new AbortController();
    const reason = new Error('job cancelled');
    const cancelled = Promise.resolve(demoModel(5_000).doGenerate(callOptions({ abortSignal: custom.signal })));
    custom.abort(reason);
    await assert.rejects(cancelled, (error: unknown) => error === reason);
  });

  it('rejects at once when the signal is already aborted, also through generateImage', async () => {
    await assert.rejects(
      Promise.resolve(demoModel(5_000).doGenerate(callOptions({ abortSignal: AbortSignal.abort() }))),
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
    const controller = new AbortController();
    const started = performance.now();
    const generation = generateImage({ model: demoModel(5_000), prompt: 'x', n: 4, maxRetries: 0, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(generation);
    assert.ok(performance.now() - started < 1_000, 'abort was not prompt');
  });

  it('paints in the brand palette, whatever layout the prompt picks', async () => {
    const prompts = ['ocean', 'rocket', 'city poster', 'coffee', 'saas dashboard', 'brndgn style, a fox, flat vector'];
    const targets = palette.map(hexToRgb);
    for (const [index, prompt] of prompts.entries()) {
      const pixels = await pixelsOf(await generateOne({ prompt, seed: index }));
      const matches = targets.map(() => 0);
      // Every 7th pixel is plenty and stays fast; a tolerance absorbs anti-aliasing and gradients.
      for (let offset = 0; offset < pixels.length; offset += 3 * 7) {
        targets.forEach(([red, green, blue], colour) => {
          const close =
            Math.abs((pixels[offset] ?? 0) - red) <= 6 &&
            Math.abs((pixels[offset + 1] ?? 0) - green) <= 6 &&
            Math.abs((pixels[offset + 2] ?? 0) - blue) <= 6;
          if (close) matches[colour] = (matches[colour] ?? 0) + 1;
        });
      }
      const sampled = pixels.length / 3 / 7;
      const present = matches.filter((count) => count / sampled > 0.005).length;
      assert.ok(present >= 2, `"${prompt}": only ${present} palette colours found (${matches.join(', ')})`);
    }
  });

  it('honours a WxH size between 64 and 2048 and warns about sizes outside it', async () => {
    const small = await sharp(await generateOne({ size: '512x320' })).metadata();
    assert.deepEqual([small.width, small.height], [512, 320]);
    const tiny = await sharp(await generateOne({ size: '64x64' })).metadata();
    assert.deepEqual([tiny.width, tiny.height], [64, 64]);

    const result = await demoModel().doGenerate(callOptions({ size: '4096x4096' }));
    await assertPng1024(result.images[0] as Uint8Array);
    assert.equal(result.warnings[0]?.type, 'unsupported');
    assert.equal(result.warnings[0]?.type === 'unsupported' && result.warnings[0].feature, 'size');
  });

  it('warns that aspect ratio, image URLs and masks are not supported', async () => {
    const file = { type: 'url', url: 'https://example.com/a.png' } as const;
    const result = await demoModel().doGenerate(callOptions({ aspectRatio: '16:9', files: [file], mask: file }));
    const features = result.warnings.map((warning) => (warning.type === 'unsupported' ? warning.feature : warning.type));
    assert.deepEqual(features, ['aspectRatio', 'files', 'mask']);
    await assertPng1024(result.images[0] as Uint8Array);
  });

  it('labels every picture as a demo and never draws the prompt', () => {
    const svg = buildCompositionSvg({ prompt: 'secret launch words', seed: 1, palette, width: 1024, height: 1024 });
    assert.match(svg, /<text[^>]*>DEMO · not AI<\/text>/);
    assert.doesNotMatch(svg, /secret launch words/);
  });

  it('refuses palettes that are not #RRGGBB colours', () => {
    for (const badPalette of [[], ['red'], ['#1F3A5F', '#fff'], ['#1F3A5F"/><script>']]) {
      assert.throws(() => createDemoImageModel({ palette: badPalette, brandName: 'x', latencyMs: 0 }), /#RRGGBB/);
    }
  });
});

describe('demo model refinements (files)', () => {
  let source: Uint8Array;
  before(async () => {
    source = await generateOne({ seed: 5 });
  });

  const sourceFile = () => [{ type: 'file' as const, data: source, mediaType: 'image/png' }];

  /** Mean colour of a strip at the left of the top band, where no label text is drawn. */
  async function bandColour(png: Uint8Array, size: number): Promise<[number, number, number]> {
    const band = labelBandHeight(size, size);
    const { data } = await sharp(png)
      .extract({ left: 0, top: 0, width: Math.max(2, Math.floor(band * 0.3)), height: band })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const sums = [0, 0, 0];
    for (let index = 0; index < data.length; index += 1) sums[index % 3]! += data[index]!;
    const pixels = data.length / 3;
    return [sums[0]! / pixels, sums[1]! / pixels, sums[2]! / pixels];
  }

  it('advertises file inputs', () => {
    assert.equal(demoModel().supportsFileInputs, true);
  });

  it('edits the given image visibly, sized to the request, with a dark "DEMO EDIT" label band', async () => {
    const edited = await generateOne({ prompt: 'make the background blue', files: sourceFile(), seed: 9 });
    await assertPng1024(edited);
    assert.ok((await differingShare(source, edited)) > 0.3, 'the edit should change most of the picture');
    const [red, green, blue] = await bandColour(edited, 1024);
    assert.ok(red < 40 && green < 40 && blue < 60, `the label band should be dark, got ${red},${green},${blue}`);
    // Below the band the picture is still the source, changed: not a new composition of the instruction.
    const unrelated = await generateOne({ prompt: 'make the background blue', seed: 9 });
    assert.ok((await differingShare(unrelated, edited)) > 0.3);

    const small = await generateOne({ prompt: 'make it blue', files: sourceFile(), size: '512x320' });
    assert.deepEqual([(await sharp(small).metadata()).width, (await sharp(small).metadata()).height], [512, 320]);
  });

  it('is deterministic per seed and differs between seeds', async () => {
    const first = await generateOne({ prompt: 'warmer colours', files: sourceFile(), seed: 3 });
    const again = await generateOne({ prompt: 'warmer colours', files: sourceFile(), seed: 3 });
    const other = await generateOne({ prompt: 'warmer colours', files: sourceFile(), seed: 4 });
    assert.deepEqual(first, again);
    assert.ok((await differingShare(first, other)) > 0.1, 'another seed should give a visibly different edit');
  });

  it('blends by strength for image-to-image: a low strength stays close to the source, a high one moves away', async () => {
    const variation = (strength: number) =>
      generateOne({ files: sourceFile(), seed: 11, providerOptions: { 'brandgen-demo': { strength } } });
    const [light, strong] = await Promise.all([variation(0.1), variation(0.9)]);
    const lightChange = await differingShare(source, light);
    const strongChange = await differingShare(source, strong);
    assert.ok(lightChange < strongChange, `strength 0.1 changed ${lightChange}, 0.9 changed ${strongChange}`);
    assert.ok(strongChange > 0.3);
    const [red, green, blue] = await bandColour(light, 1024);
    assert.ok(red < 40 && green < 40 && blue < 60, 'image-to-image results carry the label band too');
  });
});
