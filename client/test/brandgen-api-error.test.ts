import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrandgenApiError, parseRetryAfter } from '../src/index.ts';

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('30'), 30);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now), 60);
    assert.equal(parseRetryAfter(null), null);
    assert.equal(parseRetryAfter('soon'), null);
  });
});

describe('BrandgenApiError.fromResponse', () => {
  it('keeps the status and says so in words when a proxy answers with a page instead of the error shape', async () => {
    const error = await BrandgenApiError.fromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'retry-after': '5' } }),
    );
    assert.equal(error.status, 502);
    assert.equal(error.code, 'unexpected_response');
    assert.equal(error.message, 'The server answered with status 502.');
    assert.equal(error.retryAfterSeconds, 5);
    assert.deepEqual(error.fields, []);
  });
});
