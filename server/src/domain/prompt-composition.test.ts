import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brandKitSchema } from './brand-kit.ts';
import { composePrompt, normalizePrompt, promptLength } from './prompt-composition.ts';

const brand = brandKitSchema.parse({
  name: 'Acme',
  palette: ['#000000', '#ffffff'],
  style_suffix: 'flat vector, brand colours, ',
  negative_prompt: '  blurry, text ',
  lora: { trigger_word: 'acme style', by_family: {} },
});

test('puts the trigger word first and the style suffix last', () => {
  assert.deepEqual(composePrompt(brand, 'a red bicycle'), {
    prompt: 'acme style, a red bicycle, flat vector, brand colours',
    negativePrompt: 'blurry, text',
  });
});

test('drops empty parts instead of leaving stray commas', () => {
  const plain = brandKitSchema.parse({ name: 'Plain', palette: ['#000000', '#ffffff'] });
  assert.equal(composePrompt(plain, 'a cat').prompt, 'a cat');
  assert.equal(composePrompt(plain, 'a cat').negativePrompt, '');
});

test('normalises whitespace in the user description', () => {
  assert.equal(normalizePrompt('  a\n\tred   bicycle  '), 'a red bicycle');
  assert.equal(composePrompt(brand, 'a\n red   cup').prompt, 'acme style, a red cup, flat vector, brand colours');
});

test('counts characters as a person sees them', () => {
  assert.equal(promptLength('🎨🚲'), 2);
  assert.equal(promptLength('café'), 4);
});
