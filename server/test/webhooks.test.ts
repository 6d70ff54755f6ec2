import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { until } from './support/until.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';
import { createScriptedImageModel, scriptedCatalogEntry } from './support/scripted-image-model.ts';

const FAST_RETRIES = [30, 30, 30, 30];

async function register(app: TestBrandgen, body: Record<string, unknown>): Promise<{ status: number; json: any }> {
  const response = await postJson(app.baseUrl, '/api/webhooks', body);
  return { status: response.status, json: await response.json() };
}

async function getJson(app: TestBrandgen, route: string): Promise<any> {
  const response = await fetch(`${app.baseUrl}${route}`);
  assert.equal(response.status, 200, route);
  return response.json();
}

async function deliveriesOf(app: TestBrandgen, endpointId: string): Promise<any[]> {
  return (await getJson(app, `/api/webhooks/${endpointId}/deliveries`)).deliveries;
}

async function generate(app: TestBrandgen, prompt: string): Promise<string> {
  const response = await postJson(app.baseUrl, '/api/generate', { prompt });
  assert.equal(response.status, 202);
  return ((await response.json()) as { job_id: string }).job_id;
}

describeEachDatabase('webhooks over HTTP', (database) => {
  let app: TestBrandgen;
  const receivers: WebhookReceiver[] = [];
  const receiver = async (statuses: number[]) => {
    const started = await startWebhookReceiver(statuses);
    receivers.push(started);
    return started;
  };

  before(async () => {
    app = await startTestBrandgen(
      { ...(await database.environment()), BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true', BRANDGEN_PUBLIC_URL: 'https://brandgen.example.com/' },
      { retentionSweepIntervalMs: 0, webhookRetryDelaysMs: FAST_RETRIES },
    );
  });
  after(async () => {
    await app.close();
    for (const started of receivers) await started.close();
  });

  test('a completed job reaches the endpoint signed as the standardwebhooks package verifies, with absolute image links', async () => {
    const hook = await receiver([200]);
    const created = await register(app, { url: hook.url, events: ['job.completed'], description: 'CI' });
    assert.equal(created.status, 201);
    assert.match(created.json.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await getJson(app, '/api/webhooks');
    assert.equal(listed.webhooks.length >= 1, true);
    assert.ok(
      listed.webhooks.every((endpoint: Record<string, unknown>) => !('secret' in endpoint)),
      'the secret is shown once only',
    );

    const jobId = await generate(app, 'a kite for the webhook');
    await waitForJob(app.baseUrl, jobId);
    await until('the receiver got the event', () => hook.received.length === 1, { timeoutMs: 10_000 });
    const [request] = hook.received;
    const payload = new Webhook(created.json.secret).verify(request!.body, request!.headers as Record<string, string>) as any;
    assert.equal(payload.type, 'job.completed');
    assert.equal(payload.data.job_id, jobId);
    assert.equal(payload.data.status, 'complete');
    assert.equal(payload.data.prompt, 'a kite for the webhook');
    assert.equal(payload.data.model, 'demo');
    assert.equal(payload.data.asset_type, 'product_illustration');
    assert.equal(payload.data.error, null);
    assert.deepEqual(
      payload.data.images.map((image: { url: string }) => image.url),
      [0, 1, 2, 3].map((n) => `https://brandgen.example.com/api/jobs/${jobId}/images/${n}`),
    );
    assert.throws(() =>
      new Webhook('whsec_' + Buffer.alloc(24, 1).toString('base64')).verify(request!.body, request!.headers as Record<string, string>),
    );
    await until('the delivery is recorded', async () => (await deliveriesOf(app, created.json.id))[0]?.status === 'delivered');
    const [delivery] = await deliveriesOf(app, created.json.id);
    assert.equal(delivery.id, request!.headers['webhook-id']);
    assert.equal(delivery.last_status_code, 200);
    assert.equal(typeof delivery.duration_ms, 'number');
  });

  test('a receiver answering 500 twice then 200 gets three attempts under one webhook-id', async () => {
    const hook = await receiver([500, 500, 200]);
    const created = await register(app, { url: hook.url, events: ['job.completed', 'job.failed'] });
    const jobId = await generate(app, 'a kite that is retried');
    await waitForJob(app.baseUrl, jobId);
    await until('three attempts', () => hook.received.length === 3, { timeoutMs: 10_000 });
    assert.equal(new Set(hook.received.map((request) => request.headers['webhook-id'])).size, 1);
    await until('the delivery is recorded', async () => (await deliveriesOf(app, created.json.id))[0]?.status === 'delivered');
    const [delivery] = await deliveriesOf(app, created.json.id);
    assert.equal(delivery.attempts, 3);
    assert.equal(delivery.next_attempt_at, null);
  });

  test('a receiver answering 410 Gone disables its endpoint; turning it on again and resending delivers', async () => {
    const hook = await receiver([410, 200]);
    const created = await register(app, { url: hook.url, events: ['job.completed'] });
    const test = await postJson(app.baseUrl, `/api/webhooks/${created.json.id}/test`, {});
    assert.equal(test.status, 202);
    const queued = (await test.json()) as any;
    assert.equal(queued.event_type, 'webhook.test');
    await until('the endpoint is disabled', async () => (await getJson(app, `/api/webhooks/${created.json.id}`)).enabled === false);
    const endpoint = await getJson(app, `/api/webhooks/${created.json.id}`);
    assert.match(endpoint.disabled_reason, /410 Gone/);
    assert.equal(hook.received.length, 1);

    const refused = await postJson(app.baseUrl, `/api/webhooks/${created.json.id}/deliveries/${queued.id}/resend`, {});
    assert.equal(refused.status, 400, 'a disabled endpoint gets nothing');
    const enabled = await fetch(`${app.baseUrl}/api/webhooks/${created.json.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: hook.url, events: ['job.completed'], enabled: true }),
    });
    assert.equal(enabled.status, 200);
    assert.equal(((await enabled.json()) as any).disabled_reason, null);
    const resent = await postJson(app.baseUrl, `/api/webhooks/${created.json.id}/deliveries/${queued.id}/resend`, {});
    assert.equal(resent.status, 202);
    await until('the resend arrives', () => hook.received.length === 2, { timeoutMs: 10_000 });
    assert.equal(hook.received[1]!.headers['webhook-id'], queued.id, 'a resend keeps the webhook-id');
  });

  test('a batch announces itself once, when its last job has finished', async () => {
    const hook = await receiver([200]);
    const created = await register(app, { url: hook.url, events: ['batch.completed'] });
    const response = await postJson(app.baseUrl, '/api/batches', { prompts: ['a red kite', 'a blue kite'] });
    assert.equal(response.status, 201);
    const batch = (await response.json()) as any;
    for (const job of batch.jobs) await waitForJob(app.baseUrl, job.job_id);
    await until('the batch event arrives', () => hook.received.length === 1, { timeoutMs: 10_000 });
    const payload = new Webhook(created.json.secret).verify(
      hook.received[0]!.body,
      hook.received[0]!.headers as Record<string, string>,
    ) as any;
    assert.equal(payload.type, 'batch.completed');
    assert.equal(payload.data.batch_id, batch.id);
    assert.equal(payload.data.completed, 2);
    assert.deepEqual(
      payload.data.jobs.map((job: any) => job.job_id),
      batch.jobs.map((job: any) => job.job_id),
    );
  });

  test('the OpenAPI document describes every webhook route and its errors', async () => {
    const document = await getJson(app, '/api/docs/json');
    const expected: Array<[string, string, string[]]> = [
      ['/api/webhooks', 'get', ['200', '401', '403']],
      ['/api/webhooks', 'post', ['201', '400', '401', '403']],
      ['/api/webhooks/{id}', 'get', ['200', '401', '403', '404']],
      ['/api/webhooks/{id}', 'put', ['200', '400', '401', '403', '404']],
      ['/api/webhooks/{id}', 'delete', ['204', '401', '403', '404']],
      ['/api/webhooks/{id}/test', 'post', ['202', '400', '401', '403', '404']],
      ['/api/webhooks/{id}/deliveries', 'get', ['200', '401', '403', '404']],
      ['/api/webhooks/{id}/deliveries/{delivery}/resend', 'post', ['202', '400', '401', '403', '404']],
    ];
    // Each route's own answers; the shared ones every route can give (413, 415, 500, 503, …) are added centrally.
    for (const [route, method, statuses] of expected) {
      const described = Object.keys(document.paths[route]?.[method]?.responses ?? {});
      for (const status of statuses) assert.ok(described.includes(status), `${method} ${route} describes ${status}`);
    }
    assert.deepEqual(document.paths['/api/webhooks'].post.requestBody.content['application/json'].schema.properties.events.items.enum, [
      'job.completed',
      'job.failed',
      'batch.completed',
      'training.completed',
      'training.failed',
      'training.canceled',
    ]);
  });

  test('bad input gets field errors, unknown ids 404, and a deleted endpoint hears nothing more', async () => {
    const bad = await register(app, { url: 'ftp://example.com', events: ['job.exploded'] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error.fields.map((field: any) => field.field).sort(), ['events.0']);
    const scheme = await register(app, { url: 'ftp://example.com/hook', events: ['job.completed'] });
    assert.equal(scheme.status, 400);
    assert.equal(scheme.json.error.fields[0].field, 'url');
    assert.equal((await fetch(`${app.baseUrl}/api/webhooks/not-an-id`)).status, 404);
    assert.equal((await fetch(`${app.baseUrl}/api/webhooks/01890000-0000-7000-8000-000000000000`)).status, 404);

    const hook = await receiver([200]);
    const created = await register(app, { url: hook.url, events: ['job.completed'] });
    assert.equal((await fetch(`${app.baseUrl}/api/webhooks/${created.json.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${app.baseUrl}/api/webhooks/${created.json.id}`)).status, 404);
    await waitForJob(app.baseUrl, await generate(app, 'nobody listens'));
    assert.equal(hook.received.length, 0);
  });
});

describeEachDatabase('webhook addresses without BRANDGEN_WEBHOOK_ALLOW_PRIVATE', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
  });
  after(async () => app.close());

  test('loopback, private, link-local and metadata addresses are refused at registration', async () => {
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost/hook',
      'http://10.0.0.5/hook',
      'http://192.168.1.20/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[fd00:ec2::254]/hook',
    ]) {
      const refused = await register(app, { url, events: ['job.completed'] });
      assert.equal(refused.status, 400, url);
      assert.equal(refused.json.error.fields[0].field, 'url');
      assert.match(refused.json.error.fields[0].message, /public addresses only/, url);
    }
    assert.deepEqual((await getJson(app, '/api/webhooks')).webhooks, []);
  });
});

describeEachDatabase('job.failed webhooks', (database) => {
  test('a failed job announces its error and the images that were made', async () => {
    const model = createScriptedImageModel({ failuresBySeed: new Map([[201, 99]]) });
    const app = await startTestBrandgen(
      { ...(await database.environment()), BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true' },
      {
        retentionSweepIntervalMs: 0,
        models: () => [scriptedCatalogEntry(model)],
      },
    );
    const hook = await startWebhookReceiver([200]);
    try {
      const created = await register(app, { url: hook.url, events: ['job.failed'] });
      const accepted = await postJson(app.baseUrl, '/api/generate', { prompt: 'one image fails', seed: 200 });
      const { job_id: jobId } = (await accepted.json()) as { job_id: string };
      await waitForJob(app.baseUrl, jobId);
      await until('the failure arrives', () => hook.received.length === 1, { timeoutMs: 10_000 });
      const payload = new Webhook(created.json.secret).verify(
        hook.received[0]!.body,
        hook.received[0]!.headers as Record<string, string>,
      ) as any;
      assert.equal(payload.type, 'job.failed');
      assert.equal(payload.data.status, 'failed');
      assert.equal(payload.data.model, 'scripted');
      assert.equal(payload.data.error.code, 'generation_failed');
      assert.match(payload.data.error.message, /GPU out of memory for seed 201/);
      assert.deepEqual(
        payload.data.images.map((image: { n: number }) => image.n),
        [0, 2, 3],
      );
      assert.match(
        payload.data.images[0].url,
        new RegExp(`^${app.baseUrl}/api/jobs/${jobId}/images/0$`),
        "without BRANDGEN_PUBLIC_URL, the server's own address",
      );
    } finally {
      await hook.close();
      await app.close();
    }
  });
});
