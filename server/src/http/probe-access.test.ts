import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';
import { checkMetricsAccess, metricsCredentialOf } from './probe-access.ts';

const TOKEN = 'scrape-0123456789abcdef';
const requestWith = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as FastifyRequest;

test('a scrape carries the metrics token only when it is configured and sent exactly', () => {
  assert.equal(metricsCredentialOf(requestWith(`Bearer ${TOKEN}`), TOKEN), 'valid');
  assert.equal(metricsCredentialOf(requestWith(`bearer ${TOKEN}`), TOKEN), 'valid');
  assert.equal(metricsCredentialOf(requestWith(`Bearer ${TOKEN}x`), TOKEN), 'wrong');
  assert.equal(metricsCredentialOf(requestWith(TOKEN), TOKEN), 'wrong');
  assert.equal(metricsCredentialOf(requestWith(), TOKEN), 'absent');
  assert.equal(metricsCredentialOf(requestWith(`Bearer ${TOKEN}`), undefined), 'absent');
});

function refusal(request: FastifyRequest, options: Parameters<typeof checkMetricsAccess>[1]): ApiError | undefined {
  try {
    checkMetricsAccess(request, options);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error;
  }
}

test('with sign-in on, only the token opens /metrics, with a plain 401 otherwise', () => {
  assert.equal(refusal(requestWith(`Bearer ${TOKEN}`), { mode: 'oidc', token: TOKEN }), undefined);
  const anonymous = refusal(requestWith(), { mode: 'oidc', token: TOKEN });
  assert.equal(anonymous?.statusCode, 401);
  assert.equal(anonymous?.code, 'metrics_token_required');
  assert.match(anonymous?.headers['www-authenticate'] ?? '', /^Bearer /);
  assert.equal(refusal(requestWith('Bearer nope-nope-nope-nope'), { mode: 'oidc', token: TOKEN })?.code, 'invalid_metrics_token');
  assert.match(refusal(requestWith(), { mode: 'oidc', token: undefined })?.message ?? '', /set BRANDGEN_METRICS_TOKEN/);
});

test('without sign-in an anonymous scrape is served, but a wrong token is refused', () => {
  assert.equal(refusal(requestWith(), { mode: 'none', token: undefined }), undefined);
  assert.equal(refusal(requestWith(), { mode: 'none', token: TOKEN }), undefined);
  assert.equal(refusal(requestWith('Bearer nope-nope-nope-nope'), { mode: 'none', token: TOKEN })?.statusCode, 401);
});
