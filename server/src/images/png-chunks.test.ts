import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp, { type PngOptions, type Sharp } from 'sharp';
import { withHeaderBytes } from '../../test/support/png-header.ts';
import { pngDimensions } from './png-chunks.ts';

/** A PNG from sharp, the decoder the rest of Brandgen trusts, to hold the hand-read header against. */
async function pngFrom(image: Sharp, options: PngOptions = {}): Promise<Buffer> {
  return image.png(options).toBuffer();
}

const create = (width: number, height: number, channels: 3 | 4) => sharp({ create: { width, height, channels, background: '#3E7CB1' } });

describe('pngDimensions', () => {
  it('reads the size sharp reads, for every kind of PNG Brandgen meets', async () => {
    const samples = [
      await pngFrom(create(1024, 1024, 3)),
      await pngFrom(create(1344, 768, 4)),
      await pngFrom(create(7, 3, 3).greyscale(), { compressionLevel: 9 }),
      await pngFrom(create(640, 480, 3), { palette: true, colours: 16 }),
      await pngFrom(create(33, 65, 3), { progressive: true }),
      await pngFrom(create(20, 10, 3).toColourspace('rgb16')),
    ];
    for (const png of samples) {
      const metadata = await sharp(png).metadata();
      assert.deepEqual(pngDimensions(new Uint8Array(png)), { width: metadata.width, height: metadata.height });
    }
  });

  it('refuses a header no decoder takes, though its chunks are well formed', async () => {
    const png = await pngFrom(create(8, 8, 3));
    assert.throws(() => pngDimensions(withHeaderBytes(png, 0, [0, 0, 0, 0])), /corrupt PNG header: 0 × 8 pixels/);
    assert.throws(() => pngDimensions(withHeaderBytes(png, 8, [3])), /bit depth 3 with colour type 2/);
    assert.throws(() => pngDimensions(withHeaderBytes(png, 9, [5])), /bit depth 8 with colour type 5/);
    assert.throws(() => pngDimensions(withHeaderBytes(png, 10, [1])), /unknown compression, filter or interlace/);
    assert.throws(() => pngDimensions(withHeaderBytes(png, 12, [2])), /unknown compression, filter or interlace/);
    // sharp agrees that these are not images.
    await assert.rejects(sharp(withHeaderBytes(png, 0, [0, 0, 0, 0])).metadata());
  });

  it('refuses what is not a whole PNG', async () => {
    const png = await pngFrom(create(8, 8, 3));
    const jpeg = await create(8, 8, 3).jpeg().toBuffer();
    assert.throws(() => pngDimensions(new Uint8Array(jpeg)), /not a PNG: the file does not start with the PNG signature/);
    assert.throws(() => pngDimensions(new Uint8Array(png.subarray(0, png.length - 20))), /not a PNG/);
    const flipped = Buffer.from(png);
    flipped[17] = flipped[17]! ^ 0xff;
    assert.throws(() => pngDimensions(new Uint8Array(flipped)), /CRC mismatch in IHDR/);
  });
});
