import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { until } from './support/until.ts';

const METRICS_TOKEN = 'prometheus-0123456789abcdef';

describeEachDatabase('probes, metrics and image caching with sign-in on', (database) => {
  let setup: OidcSetup;
  let userToken: string;
  before(async () => {
    setup = await startOidcSetup({ ...(await database.environment()), BRANDGEN_METRICS_TOKEN: METRICS_TOKEN });
    userToken = await setup.provider.signAccessToken({
      oid: 'ola',
      sub: 'sub-ola',
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [MEMBERS_GROUP],
      name: 'Ola',
    });
  });
  after(async () => {
    await setup?.close();
  });

  const get = (route: string, headers: Record<string, string> = {}) =>
    fetch(`${setup.app.baseUrl}${route}`, { headers, redirect: 'manual' });

  test('liveness and readiness answer without credentials, with up or down per dependency only', async () => {
    const health = await get('/api/health');
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await get('/api/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: 'ok', queue: 'ok', blobs: 'ok' } });
    // A probe that happens to send some other credential is answered all the same.
    assert.equal((await get('/api/ready', { authorization: 'Bearer something-else' })).status, 200);
  });

  test('/metrics answers the metrics token, and anyone else with a plain 401, never a sign-in redirect', async () => {
    const anonymous = await get('/metrics');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer /);
    assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'metrics_token_required');
    assert.equal((await get('/metrics', { authorization: 'Bearer not-the-metrics-token' })).status, 401);
    // A user's own access token is not a scrape credential.
    assert.equal((await get('/metrics', { authorization: `Bearer ${userToken}` })).status, 401);
    const scrape = await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    assert.equal(scrape.status, 200);
    assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await scrape.text(), /brandgen_jobs\{status="complete",role="all"\}/);
    // The metrics token opens nothing else.
    assert.equal((await get('/api/jobs', { authorization: `Bearer ${METRICS_TOKEN}` })).status, 401);
  });

  test("a signed-in user's images are cached privately (by the browser, never a shared cache), still for good", async () => {
    const auth = { authorization: `Bearer ${userToken}` };
    const accepted = await fetch(`${setup.app.baseUrl}/api/generate`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'private caching', seed: 9 }),
    });
    assert.equal(accepted.status, 202);
    const { job_id: jobId } = (await accepted.json()) as { job_id: string };
    let job: { status: string; images: string[] } | undefined;
    await until('the job to complete', async () => {
      job = (await (await get(`/api/jobs/${jobId}`, auth)).json()) as { status: string; images: string[] };
      return job.status === 'complete';
    });
    const image = await get(job!.images[0]!, auth);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('cache-control'), 'private, max-age=31536000, immutable');
  });
});
