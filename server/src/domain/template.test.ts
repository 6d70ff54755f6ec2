import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillPlaceholders, placeholdersOf } from './template.ts';

test('placeholders are listed once each, in order', () => {
  assert.deepEqual(placeholdersOf('a {product} on {surface}, {product} close-up'), ['product', 'surface']);
  assert.deepEqual(placeholdersOf('no placeholders {} { } {1abc}'), []);
});

test('filling replaces every occurrence and trims values', () => {
  assert.deepEqual(fillPlaceholders('a {product} on {surface}, {product} again', { product: ' mug ', surface: 'oak' }), {
    ok: true,
    prompt: 'a mug on oak, mug again',
  });
});

test('filling names the placeholders without a value', () => {
  assert.deepEqual(fillPlaceholders('a {product} on {surface}', { product: 'mug', surface: '  ' }), { ok: false, missing: ['surface'] });
});
