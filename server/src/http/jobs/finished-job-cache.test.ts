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
});
