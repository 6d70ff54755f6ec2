import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparisonShots } from './training-comparison.ts';

test('a comparison is four distinct prompts, one per asset type, each with its own fixed seed', () => {
  const shots = comparisonShots('Acme Coffee', 'brdgn');
  assert.deepEqual(shots, [
    { assetType: 'product_illustration', description: 'brdgn a travel mug on a plain table', seed: 2026 },
    { assetType: 'icon', description: 'brdgn a paper plane', seed: 2027 },
    { assetType: 'hero_image', description: 'brdgn a sunlit workspace with a laptop and a potted plant', seed: 2028 },
    { assetType: 'logo_concept', description: 'brdgn a simple mark for Acme Coffee', seed: 2029 },
  ]);
  assert.equal(new Set(shots.map((shot) => shot.description)).size, 4);
});

test('the same brand and trigger word always give the same shots, so both versions are drawn alike', () => {
  assert.deepEqual(comparisonShots('Acme Coffee', 'brdgn'), comparisonShots('Acme Coffee', 'brdgn'));
});

test('without a trigger word the subjects stand alone, with no stray spaces', () => {
  assert.deepEqual(
    comparisonShots('  Acme ', ' ').map((shot) => shot.description),
    ['a travel mug on a plain table', 'a paper plane', 'a sunlit workspace with a laptop and a potted plant', 'a simple mark for Acme'],
  );
});
