import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { generateImage } from 'ai';
import { demoCatalogEntry } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { brandKitSchema } from '../src/domain/brand-kit.ts';
import { composePrompt } from '../src/domain/prompt-composition.ts';
import { sceneOf } from '../src/providers/demo/demo-scene.ts';
import { renderComposition } from '../src/providers/demo/render-composition.ts';
import { styleForPrompt } from '../src/providers/demo/style-for-prompt.ts';
import { imageCall } from '../src/services/image-call.ts';

// Across layers on purpose: the job's image call (services/) hands the demo model (providers/) the user's own words.
const palette = ['#1F3A5F', '#3E7CB1', '#F2A541', '#F4E9D8', '#E4572E'];
const brand = brandKitSchema.parse(JSON.parse(await readFile(new URL('../brand/brand.json', import.meta.url), 'utf8')));

function request(description: string, assetType: 'product_illustration', seed = 3) {
  return { prompt: description, description, assetType, brandName: 'Brandgen Studio', seed, palette, width: 1024, height: 1024 };
}

test('steers a product illustration by the description, not by the template word "product"', async () => {
  const description = 'ocean waves at sunset';
  const composed = composePrompt(brand, description, 'product_illustration').prompt;
  assert.match(composed, /product illustration/);
  // The bug this replaces: the first steering word of the composed prompt picked the cards layout every time.
  assert.equal(styleForPrompt(composed), 'cards');
  assert.equal(styleForPrompt(description), 'waves');

  const entry = demoCatalogEntry(brand, { ...loadConfig({}), demoLatencyMs: 0 });
  const settings = { seed: 4, size: '1024x1024', aspectRatio: '1:1', assetType: 'product_illustration' } as const;
  const { preset: _preset, ...call } = imageCall(entry, { prompt: composed, description, negativePrompt: '', settings, seed: 4 });
  assert.deepEqual(call.providerOptions, { 'brandgen-demo': { description, assetType: 'product_illustration' } });
  const { image } = await generateImage(call);
  const byDescription = await renderComposition({ ...request(description, 'product_illustration', 4), palette: brand.palette });
  assert.deepEqual(image.uint8Array, byDescription);
  assert.equal(sceneOf(image.uint8Array)?.description, description);
});
