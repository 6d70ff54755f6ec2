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

test('frames the description with the asset type template and adds its negative prompt', () => {
  const kit = brandKitSchema.parse({
    name: 'Acme',
    palette: ['#000000', '#ffffff'],
    negative_prompt: 'blurry',
    lora: { trigger_word: 'acme style' },
    asset_types: {
      icon: {
        label: 'Icon',
        prompt_template: 'app icon of {description}, flat',
        size: '512x512',
        aspect_ratio: '1:1',
        negative_prompt: 'gradients',
      },
    },
  });
  assert.deepEqual(composePrompt(kit, 'a $& rocket', 'icon'), {
    prompt: 'acme style, app icon of a $& rocket, flat',
    negativePrompt: 'blurry, gradients',
  });
  // Asset types left out of a brand file get a plain template.
  assert.equal(composePrompt(kit, 'a cup', 'hero_image').prompt, 'acme style, a cup');
  assert.equal(kit.asset_types.hero_image.size, '1344x768');
});
