import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { addPngText, readPngText } from './png-text.ts';

async function samplePng(): Promise<Uint8Array> {
  const buffer = await sharp({ create: { width: 40, height: 24, channels: 3, background: '#3E7CB1' } })
    .png()
    .toBuffer();
  return new Uint8Array(buffer);
}

/** An independent chunk walker, so the tests do not trust the code under test to check itself. */
function chunksOf(png: Uint8Array): { type: string; data: Uint8Array; crcMatches: boolean }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks = [];
  for (let offset = 8; offset < png.length;) {
    const length = view.getUint32(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    chunks.push({
      type: Buffer.from(typeAndData.subarray(0, 4)).toString('latin1'),
      data: typeAndData.subarray(4),
      crcMatches: crc32(typeAndData) === view.getUint32(offset + 8 + length),
    });
    offset += 12 + length;
  }
  return chunks;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Puts hand-made chunks right after IHDR (8-byte signature + 25-byte IHDR chunk). */
function withChunksAfterHeader(png: Uint8Array, ...chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

describe('addPngText and readPngText', () => {
  // Sliced by code points: slicing UTF-16 units could split an emoji into a lone surrogate.
  const longPrompt = [...'Une affiche rétro pour un café à Zürich ☕️ avec des montagnes 🏔️ et un soleil 🌅, '.repeat(7)]
    .slice(0, 500)
    .join('');
  const entries = {
    prompt: longPrompt,
    seed: '1234567',
    model: 'brandgen-demo/demo',
    brand: 'Brandgen Studio — Ünïcödé 🎨',
    empty: '',
  };

  it('round-trips Unicode values, including a 500-character prompt', async () => {
    assert.equal([...longPrompt].length, 500);
    const tagged = addPngText(await samplePng(), entries);
    assert.deepEqual(readPngText(tagged), entries);
  });

  it('writes uncompressed iTXt chunks right before the first IDAT', async () => {
    const types = chunksOf(addPngText(await samplePng(), entries)).map((entry) => entry.type);
    const firstImageData = types.indexOf('IDAT');
    assert.deepEqual(types.slice(firstImageData - 5, firstImageData), ['iTXt', 'iTXt', 'iTXt', 'iTXt', 'iTXt']);
    assert.equal(types[0], 'IHDR');
    assert.equal(types.at(-1), 'IEND');
  });

  it('gives every chunk of the output a correct CRC', async () => {
    const chunks = chunksOf(addPngText(await samplePng(), entries));
    assert.ok(chunks.length >= 8);
    for (const entry of chunks) assert.equal(entry.crcMatches, true, `CRC of ${entry.type}`);
  });

  it('still decodes with sharp at the same size, and libpng reads the same text', async () => {
    const tagged = addPngText(await samplePng(), entries);
    const metadata = await sharp(tagged).metadata();
    assert.equal(metadata.format, 'png');
    assert.equal(metadata.width, 40);
    assert.equal(metadata.height, 24);
    const comments = Object.fromEntries((metadata.comments ?? []).map(({ keyword, text }) => [keyword, text]));
    assert.deepEqual(comments, entries);
    const { info } = await sharp(tagged).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.width * info.height, 40 * 24);
  });

  it('leaves the input untouched', async () => {
    const png = await samplePng();
    const copy = Uint8Array.from(png);
    addPngText(png, entries);
    assert.deepEqual(png, copy);
  });

  it('reads tEXt (Latin-1) and zlib-compressed iTXt chunks written by other tools', async () => {
    const latinText = chunk('tEXt', Buffer.concat([Buffer.from('Software\0', 'latin1'), Buffer.from('Café ©', 'latin1')]));
    const compressedText = chunk(
      'iTXt',
      Buffer.concat([
        Buffer.from('Description\0\x01\x00fr\0Beschreibung\0', 'latin1'),
        deflateSync(Buffer.from('Crème brûlée 🍮', 'utf8')),
      ]),
    );
    const png = withChunksAfterHeader(await samplePng(), latinText, compressedText);
    assert.deepEqual(readPngText(png), { Software: 'Café ©', Description: 'Crème brûlée 🍮' });
  });

  it('returns no entries for a PNG without text', async () => {
    assert.deepEqual(readPngText(await samplePng()), {});
  });

  it('throws a clear error on input that is not a PNG', async () => {
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000000' } })
        .jpeg()
        .toBuffer(),
    );
    for (const input of [new Uint8Array(0), new TextEncoder().encode('hello, world'), jpeg]) {
      assert.throws(() => addPngText(input, { a: 'b' }), /not a PNG/);
      assert.throws(() => readPngText(input), /not a PNG/);
    }
  });

  it('throws on a truncated or corrupted PNG', async () => {
    const png = await samplePng();
    assert.throws(() => addPngText(png.subarray(0, png.length - 20), { a: 'b' }), /not a PNG/);
    const corrupted = Uint8Array.from(png);
    corrupted[20] = (corrupted[20] ?? 0) ^ 0xff; // inside IHDR's data
    assert.throws(() => readPngText(corrupted), /CRC mismatch in IHDR/);
  });

  it('refuses keywords PNG does not allow', async () => {
    const png = await samplePng();
    for (const keyword of ['', 'k'.repeat(80), 'emoji 🎨', ' leading', 'double  space', 'nul\0']) {
      assert.throws(() => addPngText(png, { [keyword]: 'value' }), /invalid PNG text keyword/);
    }
    assert.deepEqual(readPngText(addPngText(png, { ['k'.repeat(79)]: 'ok', Grüße: 'ok' })), { ['k'.repeat(79)]: 'ok', Grüße: 'ok' });
  });
});
