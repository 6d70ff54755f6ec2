import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captionOrTrigger, flagImages, hammingDistance, trainingReadinessProblems, type TrainingSetImage } from './training-set.ts';

const image = (id: string, differenceHash: string, width = 1024, height = 1024): TrainingSetImage => ({
  id,
  setId: 'set',
  blobKey: `${id}.webp`,
  fileName: `${id}.png`,
  width,
  height,
  sha256: id,
  differenceHash,
  caption: '',
  createdAt: '2026-11-30T12:00:00.000Z',
});

test('the hamming distance counts differing bits of two hashes', () => {
  assert.equal(hammingDistance('0000000000000000', '0000000000000000'), 0);
  assert.equal(hammingDistance('ffffffffffffffff', '0000000000000000'), 64);
  assert.equal(hammingDistance('00000000000000ff', '000000000000000f'), 4);
});

test('a near-duplicate points at the first picture it repeats; small pictures are flagged by their short side', () => {
  const flags = flagImages([
    image('a', 'f0f0f0f0f0f0f0f0'),
    image('b', 'f0f0f0f0f0f0f0f3'),
    image('c', '0f0f0f0f0f0f0f0f', 2000, 511),
    image('d', 'f0f0f0f0f0f0000c'),
  ]);
  assert.deepEqual(flags.get('a'), { small: false, nearDuplicateOf: null });
  assert.deepEqual(flags.get('b'), { small: false, nearDuplicateOf: 'a' });
  assert.deepEqual(flags.get('c'), { small: true, nearDuplicateOf: null });
  assert.deepEqual(flags.get('d'), { small: false, nearDuplicateOf: null }, '10 bits from a and 12 from b: not a near-duplicate');
});

test('a set is ready with 10 to 50 pictures and a trigger word, and says what is missing otherwise', () => {
  const pictures = (count: number) => Array.from({ length: count }, (_, index) => image(String(index), '0'.repeat(16)));
  assert.deepEqual(trainingReadinessProblems({ images: pictures(10), triggerWord: 'brdgn' }), []);
  assert.deepEqual(trainingReadinessProblems({ images: pictures(50), triggerWord: 'brdgn' }), []);
  assert.deepEqual(trainingReadinessProblems({ images: pictures(1), triggerWord: ' ' }), [
    'The set has 1 image; a training needs at least 10. Add 9 more.',
    'Give the set a trigger word: the word that calls the trained look up in a prompt.',
  ]);
  assert.deepEqual(trainingReadinessProblems({ images: pictures(51), triggerWord: 'brdgn' }), [
    'The set has 51 images; a training takes at most 50. Remove some.',
  ]);
});

test('an empty caption becomes the trigger word', () => {
  assert.equal(captionOrTrigger('  ', 'brdgn'), 'brdgn');
  assert.equal(captionOrTrigger(undefined, 'brdgn'), 'brdgn');
  assert.equal(captionOrTrigger(' a red mug ', 'brdgn'), 'a red mug');
});
