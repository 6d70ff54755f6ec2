import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compressText, negotiatedEncoding } from './answer-encoding.ts';

describe('answer encoding', () => {
  it('negotiates as @fastify/compress does: preference by weight, ours first on a tie, "*" and "x-gzip" as gzip', () => {
    // Twice: the second answer for each header comes from what the first one remembered.
    for (const round of [1, 2]) {
      assert.equal(negotiatedEncoding(undefined), undefined);
      assert.equal(negotiatedEncoding('gzip, deflate, br, zstd'), 'br', `round ${round}`);
      assert.equal(negotiatedEncoding('GZIP'), 'gzip', `round ${round}`);
      assert.equal(negotiatedEncoding('br;q=0.1, gzip'), 'gzip', `round ${round}`);
      assert.equal(negotiatedEncoding('*'), 'gzip', `round ${round}`);
      assert.equal(negotiatedEncoding('x-gzip'), 'gzip', `round ${round}`);
      assert.equal(negotiatedEncoding('identity'), undefined, `round ${round}`);
      assert.equal(negotiatedEncoding('deflate'), undefined, `round ${round}`);
      assert.equal(negotiatedEncoding('br;q=0, gzip;q=0'), undefined, `round ${round}`);
    }
  });

  it('answers alike for headers past what it remembers: many distinct ones, and long ones', () => {
    for (let index = 0; index < 100; index += 1) assert.equal(negotiatedEncoding(`gzip, x-token-${index};q=0.1, br;q=0`), 'gzip');
    const long = `${'x-custom;q=0.1, '.repeat(30)}br`;
    assert.equal(negotiatedEncoding(long), 'br');
    assert.equal(negotiatedEncoding(long), 'br');
    assert.equal(negotiatedEncoding('identity, br;q=0.5'), 'br');
  });

  it('compresses text that decodes back to the same text', () => {
    const text = JSON.stringify({ prompt: 'a lighthouse at dusk, '.repeat(40), slots: [1, 2, 3, 4] });
    const br = compressText(text, 'br');
    const gzip = compressText(text, 'gzip');
    assert.ok(br.length < text.length / 4 && gzip.length < text.length / 4);
    assert.equal(brotliDecompressSync(br).toString(), text);
    assert.equal(gunzipSync(gzip).toString(), text);
  });
});
