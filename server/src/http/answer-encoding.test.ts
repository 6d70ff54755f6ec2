import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compressText, negotiatedEncoding } from './answer-encoding.ts';

describe('answer encoding', () => {
  it('negotiates as @fastify/compress does: preference by weight, ours first on a tie, "*" and "x-gzip" as gzip', () => {
    assert.equal(negotiatedEncoding(undefined), undefined);
    assert.equal(negotiatedEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(negotiatedEncoding('GZIP'), 'gzip');
    assert.equal(negotiatedEncoding('br;q=0.1, gzip'), 'gzip');
    assert.equal(negotiatedEncoding('*'), 'gzip');
    assert.equal(negotiatedEncoding('x-gzip'), 'gzip');
    assert.equal(negotiatedEncoding('identity'), undefined);
    assert.equal(negotiatedEncoding('deflate'), undefined);
    assert.equal(negotiatedEncoding('br;q=0, gzip;q=0'), undefined);
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
