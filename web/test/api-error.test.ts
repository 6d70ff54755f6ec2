import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrandgenApiError, NETWORK_FAILURE_STATUS } from '@brandgen/client';
import { describeError, fieldMessages } from '../src/api/api-error.ts';

describe('describeError', () => {
  it('says when to retry after a rate limit or a full queue', () => {
    const full = new BrandgenApiError({
      status: 503,
      code: 'queue_full',
      message: 'Brandgen is busy right now. Please try again in a moment.',
      retryAfterSeconds: 30,
    });
    assert.equal(describeError(full), 'Brandgen is busy right now. Please try again in a moment. You can try again in 30 seconds.');
    const limited = new BrandgenApiError({ status: 429, code: 'rate_limited', message: 'Too many requests', retryAfterSeconds: 120 });
    assert.equal(describeError(limited), 'Too many requests. You can try again in about 2 minutes.');
    const unknownWait = new BrandgenApiError({ status: 429, code: 'rate_limited', message: 'Too many requests' });
    assert.equal(describeError(unknownWait), 'Too many requests. Please try again in a moment.');
  });

  it('does not repeat a wait the server message already names', () => {
    const limited = new BrandgenApiError({
      status: 429,
      code: 'rate_limited',
      message: 'Please wait 1 minute and try again.',
      retryAfterSeconds: 60,
    });
    assert.equal(describeError(limited), 'Please wait 1 minute and try again.');
  });

  it('prefers field messages over the generic validation message', () => {
    const invalid = new BrandgenApiError({
      status: 400,
      code: 'validation_failed',
      message: 'The request has invalid fields.',
      fields: [{ field: 'prompt', message: 'Describe the image you need.' }],
    });
    assert.equal(describeError(invalid), 'Describe the image you need.');
    assert.deepEqual(fieldMessages(invalid, 'prompt'), ['Describe the image you need.']);
    assert.deepEqual(fieldMessages(invalid, 'seed'), []);
  });

  it('explains an unreachable server', () => {
    const offline = new BrandgenApiError({ status: NETWORK_FAILURE_STATUS, code: 'network_error', message: 'Network error' });
    assert.match(describeError(offline), /Could not reach the Brandgen server/);
  });
});
