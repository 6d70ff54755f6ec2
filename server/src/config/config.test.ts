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
  assert.equal(config.maxJobRuns, 5);
  assert.equal(config.settingsRefreshMs, 30_000);
  assert.equal(config.maxStreamsPerUser, 20);
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
    BRANDGEN_MAX_JOB_RUNS: '3',
    BRANDGEN_SETTINGS_REFRESH_MS: '5000',
    BRANDGEN_MAX_STREAMS_PER_USER: '4',
  });
  assert.deepEqual(
    [config.port, config.host, config.dataDirectory, config.concurrency, config.maxQueue, config.demoLatencyMs, config.rateLimitPerMinute],
    [9000, '0.0.0.0', '/tmp/brandgen-data', 2, 7, 0, 5],
  );
  assert.equal(config.maxJobRuns, 3);
  assert.equal(config.settingsRefreshMs, 5_000);
  assert.equal(config.maxStreamsPerUser, 4);
});

test('refuses bad values with a message that names each one', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', BRANDGEN_CONCURRENCY: '0', BRANDGEN_MAX_QUEUE: '1.5', BRANDGEN_MAX_JOB_RUNS: '0' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /configuration is invalid/);
      assert.match(error.message, /PORT must be a whole number from 0 to 65535 \(got "eighty"\)/);
      assert.match(error.message, /BRANDGEN_CONCURRENCY must be a whole number from 1 to 256 \(got "0"\)/);
      assert.match(error.message, /BRANDGEN_MAX_QUEUE must be a whole number/);
      assert.match(error.message, /BRANDGEN_MAX_JOB_RUNS must be a whole number from 1 to 1000 \(got "0"\)/);
      return true;
    },
  );
});

test('configures a provider once its key is set, with an optional base URL and concurrency', () => {
  const config = loadConfig({
    FAL_KEY: 'fal-secret',
    FAL_BASE_URL: 'http://127.0.0.1:9/fal/',
    REPLICATE_API_TOKEN: ' ',
    BRANDGEN_MONTHLY_BUDGET_USD: '50',
  });
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

test('civitai is configured by CIVITAI_TOKEN, with CIVITAI_BASE_URL and CIVITAI_CONCURRENCY (2 unless set)', () => {
  const config = loadConfig({ CIVITAI_TOKEN: 'civitai-secret', CIVITAI_CONCURRENCY: '3' });
  assert.deepEqual(config.providers, { civitai: { apiKey: 'civitai-secret', baseUrl: undefined, timeoutMs: 300_000, concurrency: 3 } });
  assert.equal(loadConfig({ CIVITAI_TOKEN: 'civitai-secret' }).providers.civitai?.concurrency, 2);
  assert.equal(
    loadConfig({ CIVITAI_BASE_URL: 'https://proxy.example.com/' }).providerDefaults.civitai.baseUrl,
    'https://proxy.example.com',
  );
  assert.throws(
    () => loadConfig({ CIVITAI_TOKEN: 'civitai-secret', CIVITAI_CONCURRENCY: '65' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /CIVITAI_CONCURRENCY must be a whole number from 1 to 64/);
      assert.doesNotMatch(error.message, /civitai-secret/);
      return true;
    },
  );
});

test('sign-in is off by default; oidc mode needs its issuer, client, public URL and a group or role', () => {
  assert.deepEqual(loadConfig({}).auth, { mode: 'none' });
  assert.throws(
    () => loadConfig({ BRANDGEN_AUTH: 'oidc' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      for (const name of [
        'BRANDGEN_OIDC_ISSUER',
        'BRANDGEN_OIDC_CLIENT_ID',
        'BRANDGEN_OIDC_CLIENT_SECRET',
        'BRANDGEN_PUBLIC_URL',
        'BRANDGEN_ACCESS_GROUPS',
      ]) {
        assert.match(error.message, new RegExp(name));
      }
      return true;
    },
  );
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

test('the text model: a provider, its model, and its key from the provider variables or BRANDGEN_LLM_API_KEY', () => {
  assert.equal(loadConfig({}).languageModel, undefined);
  // Before BRANDGEN_LLM_PROVIDER existed, a base URL meant an OpenAI-compatible server; it still does.
  assert.deepEqual(loadConfig({ BRANDGEN_LLM_BASE_URL: 'http://localhost:11434/v1/', BRANDGEN_LLM_MODEL: 'llama3.1' }).languageModel, {
    provider: 'openai-compatible',
    model: 'llama3.1',
    apiKey: undefined,
    baseUrl: 'http://localhost:11434/v1',
  });
  assert.deepEqual(
    loadConfig({ BRANDGEN_LLM_PROVIDER: 'openai', BRANDGEN_LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-image' }).languageModel,
    {
      provider: 'openai',
      model: 'gpt-4o-mini',
      apiKey: 'sk-image',
      baseUrl: undefined,
    },
  );
  assert.deepEqual(
    loadConfig({
      BRANDGEN_LLM_PROVIDER: 'google',
      BRANDGEN_LLM_MODEL: 'gemini-2.5-flash',
      GOOGLE_GENERATIVE_AI_API_KEY: 'g-key',
      GOOGLE_GENERATIVE_AI_BASE_URL: 'https://proxy.example.com/v1beta',
    }).languageModel,
    { provider: 'google', model: 'gemini-2.5-flash', apiKey: 'g-key', baseUrl: 'https://proxy.example.com/v1beta' },
  );
  assert.deepEqual(
    loadConfig({
      BRANDGEN_LLM_PROVIDER: 'anthropic',
      BRANDGEN_LLM_MODEL: 'claude-sonnet-4-5',
      ANTHROPIC_API_KEY: 'a-key',
      BRANDGEN_LLM_API_KEY: 'wins',
    }).languageModel,
    { provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'wins', baseUrl: undefined },
  );
});

test('a text model setting that cannot work stops the start with plain words', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { BRANDGEN_LLM_PROVIDER: 'anthropic', BRANDGEN_LLM_MODEL: 'claude-sonnet-4-5' },
      /BRANDGEN_LLM_PROVIDER=anthropic needs an API key: set ANTHROPIC_API_KEY \(or BRANDGEN_LLM_API_KEY\)/,
    ],
    [
      { BRANDGEN_LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'a-key' },
      /BRANDGEN_LLM_MODEL is required with BRANDGEN_LLM_PROVIDER=anthropic: name the model to ask, e\.g\. claude-sonnet-4-5/,
    ],
    [{ BRANDGEN_LLM_PROVIDER: 'google', BRANDGEN_LLM_MODEL: 'gemini-2.5-flash' }, /set GOOGLE_GENERATIVE_AI_API_KEY/],
    [
      { BRANDGEN_LLM_PROVIDER: 'openai-compatible', BRANDGEN_LLM_MODEL: 'llama3.1' },
      /BRANDGEN_LLM_BASE_URL is required with BRANDGEN_LLM_PROVIDER=openai-compatible/,
    ],
    [{ BRANDGEN_LLM_BASE_URL: 'http://localhost:11434/v1' }, /BRANDGEN_LLM_MODEL is required with BRANDGEN_LLM_PROVIDER=openai-compatible/],
    [{ BRANDGEN_LLM_MODEL: 'gpt-4o-mini' }, /BRANDGEN_LLM_MODEL is set but BRANDGEN_LLM_PROVIDER is not/],
    [{ BRANDGEN_LLM_PROVIDER: 'mistral' }, /BRANDGEN_LLM_PROVIDER must be one of openai, google, anthropic, openai-compatible/],
  ];
  for (const [environment, message] of cases) {
    assert.throws(
      () => loadConfig(environment),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
      JSON.stringify(environment),
    );
  }
});

test('whether the language model sees images: BRANDGEN_LLM_VISION, else yes for the hosted providers', () => {
  const openai = { BRANDGEN_LLM_PROVIDER: 'openai', BRANDGEN_LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-a' };
  const local = { BRANDGEN_LLM_BASE_URL: 'http://localhost:11434/v1', BRANDGEN_LLM_MODEL: 'llava' };
  assert.equal(loadConfig({}).languageModelSeesImages, false);
  assert.equal(loadConfig(openai).languageModelSeesImages, true);
  assert.equal(loadConfig({ ...openai, BRANDGEN_LLM_VISION: 'false' }).languageModelSeesImages, false);
  assert.equal(loadConfig(local).languageModelSeesImages, false);
  assert.equal(loadConfig({ ...local, BRANDGEN_LLM_VISION: 'true' }).languageModelSeesImages, true);
  assert.equal(loadConfig({ BRANDGEN_LLM_VISION: 'true' }).languageModelSeesImages, false, 'no model, nothing sees');
  assert.throws(() => loadConfig({ ...openai, BRANDGEN_LLM_VISION: 'yes' }), /BRANDGEN_LLM_VISION must be "true" or "false"/);
});

test('allowed hosts are names or addresses without port; the metrics token is long enough to be a secret', () => {
  const config = loadConfig({ BRANDGEN_ALLOWED_HOSTS: ' Brandgen.LAN , 192.168.1.20, fe80::1 ', BRANDGEN_METRICS_TOKEN: 'a'.repeat(32) });
  assert.deepEqual(config.allowedHosts, ['brandgen.lan', '192.168.1.20', '[fe80::1]']);
  assert.equal(config.metricsToken, 'a'.repeat(32));
  assert.deepEqual(loadConfig({}).allowedHosts, []);
  assert.equal(loadConfig({}).metricsToken, undefined);
  for (const bad of ['brandgen.lan:8080', 'http://brandgen.lan', 'brandgen.lan/x', 'user@brandgen.lan']) {
    assert.throws(
      () => loadConfig({ BRANDGEN_ALLOWED_HOSTS: bad }),
      new RegExp(`BRANDGEN_ALLOWED_HOSTS .*\\(got "${bad.replace(/[./]/g, '\\$&')}"\\)`),
      bad,
    );
  }
  assert.throws(() => loadConfig({ BRANDGEN_METRICS_TOKEN: 'short' }), /BRANDGEN_METRICS_TOKEN must be 16 to 512 printable characters/);
  assert.throws(() => loadConfig({ BRANDGEN_METRICS_TOKEN: 'has a space in it, so no' }), /BRANDGEN_METRICS_TOKEN/);
});

test('webhooks: private receivers are refused unless allowed, and links use BRANDGEN_PUBLIC_URL in any sign-in mode', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.webhookAllowPrivate, false);
  assert.equal(defaults.publicUrl, undefined);
  const set = loadConfig({ BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true', BRANDGEN_PUBLIC_URL: 'https://brandgen.example.com/' });
  assert.equal(set.webhookAllowPrivate, true);
  assert.equal(set.publicUrl, 'https://brandgen.example.com');
  assert.throws(() => loadConfig({ BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'yes' }), /BRANDGEN_WEBHOOK_ALLOW_PRIVATE must be "true" or "false"/);
  assert.throws(() => loadConfig({ BRANDGEN_PUBLIC_URL: 'brandgen.example.com' }), /BRANDGEN_PUBLIC_URL must be an http\(s\) address/);
});

test('REPLICATE_TRAINING_OWNER names who owns trained LoRAs on Replicate, or is left to the token', () => {
  assert.equal(loadConfig({}).replicateTrainingOwner, undefined);
  assert.equal(loadConfig({ REPLICATE_TRAINING_OWNER: ' acme-studio ' }).replicateTrainingOwner, 'acme-studio');
  assert.throws(() => loadConfig({ REPLICATE_TRAINING_OWNER: 'acme/studio' }), /REPLICATE_TRAINING_OWNER/);
});
