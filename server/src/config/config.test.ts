import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults need no configuration at all', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.dataDirectory, path.resolve('data'));
  assert.equal(config.concurrency, 5);
  assert.equal(config.maxQueue, 100);
  assert.equal(config.demoLatencyMs, 1500);
  assert.equal(config.rateLimitPerMinute, 30);
});

test('reads every setting from the environment', () => {
  const config = loadConfig({
    PORT: '9000',
    HOST: '0.0.0.0',
    BRANDGEN_DATA_DIR: '/tmp/brandgen-data',
    BRANDGEN_CONCURRENCY: '2',
    BRANDGEN_MAX_QUEUE: '7',
    BRANDGEN_DEMO_LATENCY_MS: '0',
    BRANDGEN_RATE_LIMIT_PER_MINUTE: '5',
  });
  assert.deepEqual(
    [config.port, config.host, config.dataDirectory, config.concurrency, config.maxQueue, config.demoLatencyMs, config.rateLimitPerMinute],
    [9000, '0.0.0.0', '/tmp/brandgen-data', 2, 7, 0, 5],
  );
});

test('refuses bad values with a message that names each one', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', BRANDGEN_CONCURRENCY: '0', BRANDGEN_MAX_QUEUE: '1.5' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /configuration is invalid/);
      assert.match(error.message, /PORT must be a whole number from 0 to 65535 \(got "eighty"\)/);
      assert.match(error.message, /BRANDGEN_CONCURRENCY must be a whole number from 1 to 256 \(got "0"\)/);
      assert.match(error.message, /BRANDGEN_MAX_QUEUE must be a whole number/);
      return true;
    },
  );
});

test('configures a provider once its key is set, with an optional base URL and concurrency', () => {
  const config = loadConfig({ FAL_KEY: 'fal-secret', FAL_BASE_URL: 'http://127.0.0.1:9/fal/', REPLICATE_API_TOKEN: ' ', BRANDGEN_MONTHLY_BUDGET_USD: '50' });
  assert.deepEqual(config.providers, {
    fal: { apiKey: 'fal-secret', baseUrl: 'http://127.0.0.1:9/fal', timeoutMs: 300_000, concurrency: 2 },
  });
  assert.equal(config.monthlyBudgetUsd, 50);
  assert.equal(loadConfig({}).monthlyBudgetUsd, null);
  assert.throws(
    () => loadConfig({ FAL_KEY: 'k', FAL_BASE_URL: 'not a url', FAL_CONCURRENCY: '0', BRANDGEN_MONTHLY_BUDGET_USD: 'lots' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /FAL_BASE_URL must be a URL/);
      assert.match(error.message, /FAL_CONCURRENCY must be a whole number from 1 to 64/);
      assert.match(error.message, /BRANDGEN_MONTHLY_BUDGET_USD must be an amount/);
      assert.doesNotMatch(error.message, /fal-secret/);
      return true;
    },
  );
});
