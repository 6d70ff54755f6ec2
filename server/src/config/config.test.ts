import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { checkNetworkExposure, ConfigError, loadConfig } from './config.ts';

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

test('sign-in is off by default; oidc mode needs its issuer, client, public URL and a group or role', () => {
  assert.deepEqual(loadConfig({}).auth, { mode: 'none' });
  assert.throws(() => loadConfig({ BRANDGEN_AUTH: 'oidc' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    for (const name of ['BRANDGEN_OIDC_ISSUER', 'BRANDGEN_OIDC_CLIENT_ID', 'BRANDGEN_OIDC_CLIENT_SECRET', 'BRANDGEN_PUBLIC_URL', 'BRANDGEN_ACCESS_GROUPS']) {
      assert.match(error.message, new RegExp(name));
    }
    return true;
  });
  assert.throws(() => loadConfig({ BRANDGEN_AUTH: 'ldap' }), /BRANDGEN_AUTH must be "none" or "oidc"/);
});

test('an Entra issuer gives the tenant check and the audiences their defaults', () => {
  const tenant = '11111111-2222-3333-4444-555555555555';
  const config = loadConfig({
    BRANDGEN_AUTH: 'oidc',
    BRANDGEN_OIDC_ISSUER: `https://login.microsoftonline.com/${tenant}/v2.0/`,
    BRANDGEN_OIDC_CLIENT_ID: 'client-1',
    BRANDGEN_OIDC_CLIENT_SECRET: 'secret',
    BRANDGEN_PUBLIC_URL: 'https://brandgen.example.com/',
    BRANDGEN_ACCESS_GROUPS: 'group-a, group-b',
  });
  assert.equal(config.auth.mode, 'oidc');
  if (config.auth.mode !== 'oidc') return;
  assert.equal(config.auth.tenantId, tenant);
  assert.deepEqual(config.auth.audiences, ['client-1', 'api://client-1']);
  assert.deepEqual(config.auth.accessGroups, ['group-a', 'group-b']);
  assert.equal(config.auth.publicUrl, 'https://brandgen.example.com');
});

test('none mode refuses a network address unless the operator allows it, and then warns', () => {
  assert.equal(checkNetworkExposure(loadConfig({ HOST: '127.0.0.1' })), undefined);
  assert.equal(checkNetworkExposure(loadConfig({ HOST: 'localhost' })), undefined);
  assert.throws(() => checkNetworkExposure(loadConfig({ HOST: '0.0.0.0' })), /BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK=true/);
  assert.match(
    checkNetworkExposure(loadConfig({ HOST: '0.0.0.0', BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK: 'true' })) ?? '',
    /anyone who can reach this port/,
  );
});
