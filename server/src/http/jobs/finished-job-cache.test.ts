import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { SerialisedJob } from './finished-job-cache.ts';

describe('serialised job', () => {
  it('compresses each encoding once and gives the same bytes to every later read', () => {
    const text = JSON.stringify({ final_prompt: 'flat vector lighthouse, '.repeat(60), brand: 'Fjällräven' });
    const answer = new SerialisedJob({ text });
    assert.equal(answer.bytes.toString('utf8'), text, 'kept as its UTF-8 bytes');
    const first = answer.encoded('br');
    assert.equal(answer.encoded('br'), first, 'the very same buffer, not a second compression');
    assert.notEqual(answer.encoded('gzip'), first);
    assert.equal(brotliDecompressSync(first).toString(), text);
  });
});
