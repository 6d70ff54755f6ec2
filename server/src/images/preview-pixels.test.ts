import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { previewPixels } from './preview-pixels.ts';

const wideImage = () =>
  sharp({ create: { width: 1024, height: 512, channels: 3, background: '#3E7CB1' } })
    .png()
    .toBuffer();

describe('previewPixels', () => {
  it('decodes an image once to at most 256 px on its longest side, keeping the aspect ratio', async () => {
    const preview = await previewPixels(await wideImage());
    assert.deepEqual([preview.width, preview.height, preview.channels], [256, 128, 3]);
    assert.equal(preview.data.byteLength, 256 * 128 * 3);
    assert.deepEqual([...preview.data.subarray(0, 3)], [0x3e, 0x7c, 0xb1]);
  });

  it('shares the decode between the callers of the same bytes, and only theirs', async () => {
    const bytes = await wideImage();
    const first = previewPixels(bytes);
    assert.equal(previewPixels(bytes), first, 'the thumbnail and the brand-fit score get the same decode');
    assert.notEqual(previewPixels(Uint8Array.from(bytes)), first, 'a different image (even equal bytes) is decoded itself');
    await first;
  });

  it('refuses bytes that are not an image', async () => {
    await assert.rejects(previewPixels(new TextEncoder().encode('not an image')));
  });
});
