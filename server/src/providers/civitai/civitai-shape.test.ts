import assert from 'node:assert/strict';
import { test } from 'node:test';
import { civitaiShape } from './civitai-shape.ts';

test('FLUX.1 sizes stay within 832–1216 in steps of 16', () => {
  const shape = civitaiShape({ min: 832, max: 1216, multiple: 16 });
  assert.deepEqual(shape('1024x1024'), { size: '1024x1024' });
  assert.deepEqual(shape('1344x768'), { size: '1216x832' });
  assert.deepEqual(shape('512x512'), { size: '832x832' });
  assert.deepEqual(shape('1000x1100'), { size: '1008x1104' });
});

test('SDXL sizes keep their ratio and shrink only past 2048', () => {
  const shape = civitaiShape({ min: 64, max: 2048, multiple: 8 });
  assert.deepEqual(shape('1344x768'), { size: '1344x768' });
  assert.deepEqual(shape('4096x2048'), { size: '2048x1024' });
  assert.deepEqual(shape('1001x1001'), { size: '1000x1000' });
});
