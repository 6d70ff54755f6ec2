import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { SerialisedJob } from './finished-job-cache.ts';

describe('serialised job', () => {
  it('compresses each encoding once and gives the same bytes to every later read', () => {
    const answer = new SerialisedJob({ text: JSON.stringify({ final_prompt: 'flat vector lighthouse, '.repeat(60) }) });
    const first = answer.encoded('br');
    assert.equal(answer.encoded('br'), first, 'the very same buffer, not a second compression');
    assert.notEqual(answer.encoded('gzip'), first);
    assert.equal(brotliDecompressSync(first).toString(), answer.text);
  });

  it('gives its compressed bytes as a latin1 string of the same bytes, and its text length in UTF-8 bytes', () => {
    const answer = new SerialisedJob({ text: JSON.stringify({ prompt: 'café au lait, ☕ '.repeat(80) }) });
    assert.deepEqual(Buffer.from(answer.encodedAsLatin1('gzip'), 'latin1'), answer.encoded('gzip'));
    assert.equal(answer.encodedAsLatin1('gzip'), answer.encodedAsLatin1('gzip'));
    assert.equal(answer.byteLength, Buffer.byteLength(answer.text));
    assert.ok(answer.byteLength > answer.text.length, 'counted in bytes, not characters');
  });
});
