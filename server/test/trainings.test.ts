import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createBrandgen } from '../src/app.ts';
import { readEventStream, readEventsUntil } from './support/read-sse.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { createPostgresSchema, describeEachDatabase, postgresSkipReason } from './support/test-database.ts';
import { deleteRedisKeys, redisSkipReason, testRedisUrl, uniqueRedisPrefix } from './support/test-redis.ts';
import { callApi } from './support/training-images.ts';
import { brandLoras, brandRoute, brandVersions, createSet } from './support/training-flow.ts';
import { until } from './support/until.ts';
import { fakeServers, type FakeHttpServer } from './fakes/fake-http-server.ts';
import { FAKE_REQUEST_ID, FAKE_WEIGHTS, falTrainingHandler } from './fakes/fake-fal-training.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';
import { rm } from 'node:fs/promises';
import path from 'node:path';

const call = callApi;

const versions = brandVersions;
const loras = brandLoras;

async function firstImageHash(app: TestBrandgen, seed: number): Promise<string> {
  const response = await postJson(app.baseUrl, '/api/generate', { prompt: 'a lighthouse', model: 'demo', seed });
  const accepted = (await response.json()) as { job_id: string };
  const job = await waitForJob(app.baseUrl, accepted.job_id);
  assert.equal(job.status, 'complete', JSON.stringify(job));
  const image = await fetch(`${app.baseUrl}/api/jobs/${accepted.job_id}/images/0`);
  return createHash('sha256')
    .update(new Uint8Array(await image.arrayBuffer()))
    .digest('hex');
}

describeEachDatabase('trainings', (database) => {
  let app: TestBrandgen;
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver([200]);
    app = await startTestBrandgen(
      { ...(await database.environment()), BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true' },
      { retentionSweepIntervalMs: 0, demoTrainingStepMs: 5, webhookRetryDelaysMs: [30] },
    );
    const hook = await call(app, 'POST', '/api/webhooks', { url: receiver.url, events: ['training.completed', 'training.failed'] });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
  });
  after(async () => {
    await app?.close();
    await receiver?.close();
  });

  const payloads = () => receiver.received.map((request) => JSON.parse(request.body));

  test('the demo trainer is offered at no cost, and a set of fewer than ten pictures is refused in plain words', async () => {
    const trainers = (await call(app, 'GET', '/api/trainers')).body.trainers;
    assert.deepEqual(
      trainers.map((trainer: any) => [trainer.id, trainer.label, trainer.estimated_cost_usd, trainer.families]),
      [['demo', 'Demo (offline, not AI)', 0, ['demo']]],
    );
    const set = await createSet(app, 4);
    const refused = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo' });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /has 4 images; a training needs at least 10\. Add 6 more/u);
    const unknown = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'nonesuch' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.fields[0].field, 'trainer');
  });

  test('a demo training streams its progress, registers a trained LoRA, attaches it as a new version, and changes the demo output', async () => {
    const before = await firstImageHash(app, 42);
    const set = await createSet(app, 10);
    const versionsBefore = (await versions(app)).length;
    const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo', steps: 10 });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.status, 'queued');
    assert.equal(started.body.estimated_cost_usd, 0);
    const stream = await readEventStream(`${app.baseUrl}${started.body.events_url}`);
    assert.equal(stream.status, 200);
    const types = stream.events.map((event) => event.event);
    assert.deepEqual(types.slice(0, 2), ['state', 'state']);
    assert.equal(types.filter((type) => type === 'progress').length, 10);
    assert.equal(types.at(-1), 'complete');
    const progress = stream.events.filter((event) => event.event === 'progress').map((event) => event.data);
    assert.deepEqual(
      progress.map((data) => data.step),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.ok(progress[0].logs[0].startsWith('read warm-0.png (1 of 10)'));
    const lastId = Number(stream.events.at(-1)!.id);
    const resumed = await readEventStream(`${app.baseUrl}${started.body.events_url}`, { 'last-event-id': String(lastId - 1) });
    assert.deepEqual(
      resumed.events.map((event) => [event.id, event.event]),
      [[String(lastId), 'complete']],
      'resumed with Last-Event-ID: only what came after',
    );
    const over = await readEventStream(`${app.baseUrl}${started.body.events_url}`, { 'last-event-id': String(lastId) });
    assert.deepEqual(over.events, [], 'resumed after the last event of an ended training: the stream ends at once');

    const training = (await call(app, 'GET', `/api/trainings/${started.body.id}`)).body;
    assert.equal(training.status, 'complete');
    assert.equal(training.lora_id, training.id);
    const lora = (await loras(app)).find((candidate) => candidate.id === training.lora_id);
    assert.equal(lora.source, 'trained');
    assert.equal(lora.family, 'demo');
    assert.equal(lora.trigger_word, 'brdgn');
    assert.deepEqual(lora.usable_with, ['brandgen-demo'], 'a demo profile is no weights file: only the demo model takes it');
    assert.match(lora.sha256, /^[0-9a-f]{64}$/u);
    const all = await versions(app);
    assert.equal(all.length, versionsBefore + 1);
    const brand = (await call(app, 'GET', brandRoute)).body;
    assert.equal(brand.version, training.brand_version);
    assert.deepEqual(brand.kit.lora.by_family.demo, { lora_id: lora.id, scale: 1 });

    assert.notEqual(await firstImageHash(app, 42), before, 'the same prompt and seed draw differently with the trained style');
    await until('the training.completed webhook', () => payloads().some((payload) => payload.data.training_id === training.id));
    const payload = payloads().find((candidate) => candidate.data.training_id === training.id);
    assert.equal(payload.type, 'training.completed');
    assert.equal(payload.data.lora_id, lora.id);
    assert.equal(payload.data.brand_version, training.brand_version);
    assert.equal(payload.data.trainer, 'demo');
  });

  test('a training whose picture went missing fails in plain words, attaches nothing, and says so by webhook', async () => {
    const set = await createSet(app, 10);
    await rm(path.join(app.dataDirectory, 'images', 'training-sets', set.id, `${set.images[3].id}.webp`));
    const versionsBefore = (await versions(app)).length;
    const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo', steps: 10 });
    const stream = await readEventStream(`${app.baseUrl}${started.body.events_url}`);
    const last = stream.events.at(-1);
    assert.equal(last?.event, 'failed');
    assert.equal(last?.data.error.code, 'image_missing');
    assert.match(last?.data.error.message, /^The picture warm-3\.png is missing from storage\. Remove it from the set and train again\.$/u);
    assert.equal((await versions(app)).length, versionsBefore);
    assert.ok(!(await loras(app)).some((lora) => lora.id === started.body.id));
    await until('the training.failed webhook', () => payloads().some((payload) => payload.data.training_id === started.body.id));
    const payload = payloads().find((candidate) => candidate.data.training_id === started.body.id);
    assert.equal(payload.type, 'training.failed');
    assert.equal(payload.data.error.code, 'image_missing');
  });

  test('a training left unticked "use at once" registers the LoRA without a new brand version', async () => {
    const set = await createSet(app, 10);
    const versionsBefore = (await versions(app)).length;
    const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo', steps: 3, use_at_once: false });
    await until(
      'the training to complete',
      async () => (await call(app, 'GET', `/api/trainings/${started.body.id}`)).body.status === 'complete',
    );
    const training = (await call(app, 'GET', `/api/trainings/${started.body.id}`)).body;
    assert.equal(training.brand_version, null);
    assert.ok((await loras(app)).some((lora) => lora.id === training.id));
    assert.equal((await versions(app)).length, versionsBefore);
  });
});

describeEachDatabase('trainings that stop early', (database) => {
  let app: TestBrandgen;
  let environment: Record<string, string>;
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver([200]);
    environment = { ...(await database.environment()), BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true' };
    app = await startTestBrandgen(environment, { retentionSweepIntervalMs: 0, demoTrainingStepMs: 200, webhookRetryDelaysMs: [30] });
    const hook = await call(app, 'POST', '/api/webhooks', { url: receiver.url, events: ['training.canceled', 'training.failed'] });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
  });
  after(async () => {
    await app?.close();
    await receiver?.close();
  });

  test('a canceled training ends in plain words, attaches nothing and keeps the set', async () => {
    const set = await createSet(app, 10);
    const versionsBefore = (await versions(app)).length;
    const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo', steps: 50 });
    const seen = await readEventsUntil(`${app.baseUrl}${started.body.events_url}`, {
      done: (events) => events.some((event) => event.event === 'progress'),
    });
    assert.ok(seen.events.some((event) => event.event === 'progress'));
    // While the training may still read its set, the set stays as it is, in plain words.
    const setRoute = `${brandRoute}/training-sets/${set.id}`;
    for (const [method, path, body] of [
      ['DELETE', setRoute, undefined],
      ['PUT', setRoute, { trigger_word: 'other' }],
      ['DELETE', `${setRoute}/images/${set.images[0].id}`, undefined],
    ] as const) {
      const refused = await call(app, method, path, body);
      assert.equal(refused.status, 409, `${method} ${path}`);
      assert.equal(refused.body.error.code, 'training_set_in_use');
      assert.match(refused.body.error.message, /has not finished yet\. Wait for it to end, or cancel it/);
    }
    const canceled = await call(app, 'POST', `/api/trainings/${started.body.id}/cancel`);
    assert.equal(canceled.status, 200);
    const rest = await readEventStream(`${app.baseUrl}${started.body.events_url}`);
    const last = rest.events.at(-1);
    assert.equal(last?.event, 'failed');
    assert.equal(last?.data.error.code, 'canceled');
    const training = (await call(app, 'GET', `/api/trainings/${started.body.id}`)).body;
    assert.equal(training.status, 'canceled');
    assert.equal(training.lora_id, null);
    assert.ok(!(await loras(app)).some((lora) => lora.id === training.id));
    assert.equal((await versions(app)).length, versionsBefore);
    assert.equal((await call(app, 'GET', `${brandRoute}/training-sets/${set.id}`)).status, 200);
    assert.equal((await call(app, 'PUT', setRoute, { trigger_word: 'other' })).status, 200, 'editable again once it ended');
    assert.equal((await call(app, 'POST', `/api/trainings/${started.body.id}/cancel`)).status, 409);
    const payloads = () => receiver.received.map((request) => JSON.parse(request.body));
    await until('the training.canceled webhook', () => payloads().some((payload) => payload.data.training_id === training.id));
    const sent = payloads().filter((payload) => payload.data.training_id === training.id);
    assert.deepEqual(
      sent.map((payload) => [payload.type, payload.data.status, payload.data.error.code]),
      [['training.canceled', 'canceled', 'canceled']],
      'one training.canceled, not training.failed',
    );
  });

  test('a training interrupted by a restart resumes on the next start and attaches once', async () => {
    const set = await createSet(app, 10);
    const versionsBefore = (await versions(app)).length;
    const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo', steps: 8 });
    await readEventsUntil(`${app.baseUrl}${started.body.events_url}`, {
      done: (events) => events.some((event) => event.event === 'progress'),
    });
    await app.brandgen.stop();
    app.brandgen = await createBrandgen(app.config, { retentionSweepIntervalMs: 0, demoTrainingStepMs: 20 });
    app.baseUrl = await app.brandgen.start();
    const stream = await readEventStream(`${app.baseUrl}${started.body.events_url}`);
    assert.equal(stream.events.at(-1)?.event, 'complete');
    const steps = stream.events.filter((event) => event.event === 'progress').map((event) => event.data.step);
    assert.equal(steps.filter((step) => step === 1).length, 2, `the first step ran before and after the restart: ${steps.join(',')}`);
    assert.equal(steps.at(-1), 8);
    const training = (await call(app, 'GET', `/api/trainings/${started.body.id}`)).body;
    assert.equal(training.status, 'complete');
    assert.equal((await loras(app)).filter((lora) => lora.id === training.id).length, 1);
    assert.equal((await versions(app)).length, versionsBefore + 1);
  });
});

describeEachDatabase('the monthly budget', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(
      { ...(await database.environment()), BRANDGEN_MONTHLY_BUDGET_USD: '0' },
      { retentionSweepIntervalMs: 0, demoTrainingStepMs: 5 },
    );
  });
  after(async () => {
    await app?.close();
  });

  test('a training is refused once the budget is spent, with the set kept', async () => {
    const set = await createSet(app, 10);
    const refused = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo' });
    assert.equal(refused.status, 402);
    assert.equal(refused.body.error.code, 'budget_exhausted');
    assert.match(refused.body.error.message, /this month's budget of \$0\.00 is already spent|\$0\.00 of this month's budget/u);
    assert.deepEqual((await call(app, 'GET', `${brandRoute}/trainings`)).body.trainings, []);
  });
});

describe('trainings in scaled mode (PostgreSQL, BullMQ)', { skip: postgresSkipReason ?? redisSkipReason }, () => {
  let app: TestBrandgen;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    const schema = await createPostgresSchema();
    const prefix = uniqueRedisPrefix();
    cleanups.push(schema.drop, () => deleteRedisKeys(testRedisUrl!, prefix));
    app = await startTestBrandgen(
      { DATABASE_URL: schema.url, REDIS_URL: testRedisUrl!, BRANDGEN_REDIS_PREFIX: prefix },
      { retentionSweepIntervalMs: 0, demoTrainingStepMs: 150 },
    );
  });
  after(async () => {
    await app?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  test('the BullMQ worker runs a training, and a restarted worker resumes it and attaches once', async () => {
    const set = await createSet(app, 10);
    const versionsBefore = (await versions(app)).length;
    const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'demo', steps: 8 });
    assert.equal(started.status, 202);
    await readEventsUntil(`${app.baseUrl}${started.body.events_url}`, {
      done: (events) => events.some((event) => event.event === 'progress'),
    });
    await app.brandgen.stop();
    app.brandgen = await createBrandgen(app.config, { retentionSweepIntervalMs: 0, demoTrainingStepMs: 20 });
    app.baseUrl = await app.brandgen.start();
    const stream = await readEventStream(`${app.baseUrl}${started.body.events_url}`, {}, 60_000);
    assert.equal(stream.events.at(-1)?.event, 'complete');
    const steps = stream.events.filter((event) => event.event === 'progress').map((event) => event.data.step);
    assert.equal(steps.filter((step) => step === 1).length, 2, `the first step ran before and after the restart: ${steps.join(',')}`);
    assert.equal((await loras(app)).filter((lora) => lora.id === started.body.id).length, 1);
    assert.equal((await versions(app)).length, versionsBefore + 1);
  });
});

describeEachDatabase('training on fal.ai (against a local fake of its API)', (database) => {
  let app: TestBrandgen;
  let fal: FakeHttpServer;
  const fakes = fakeServers();
  before(async () => {
    let handler: ReturnType<typeof falTrainingHandler> | undefined;
    fal = await fakes.start((request, response, server) =>
      (handler ??= falTrainingHandler({
        statuses: [
          { status: 202, body: { status: 'IN_PROGRESS', logs: [{ message: 'step 200/400' }] } },
          { status: 200, body: { status: 'COMPLETED', logs: [{ message: 'step 200/400' }, { message: 'step 400/400' }] } },
        ],
        result: {
          status: 200,
          body: { diffusers_lora_file: { url: `${server.origin}/cdn/weights.safetensors`, file_name: 'brand.safetensors' } },
        },
      }))(request, response, server),
    );
    app = await startTestBrandgen(
      { ...(await database.environment()), FAL_KEY: 'fal-test-key', FAL_BASE_URL: fal.origin, BRANDGEN_MONTHLY_BUDGET_USD: '1' },
      { retentionSweepIntervalMs: 0 },
    );
  });
  after(async () => {
    await app?.close();
    await fakes.closeAll();
  });

  test('the estimate comes from the price table, the budget refuses a run over it, and a run under it is stored and attached', async () => {
    const trainers = (await call(app, 'GET', '/api/trainers')).body.trainers;
    const falTrainer = trainers.find((trainer: any) => trainer.id === 'fal');
    assert.deepEqual([falTrainer.default_steps, falTrainer.usd_per_thousand_steps, falTrainer.estimated_cost_usd], [1000, 2, 2]);
    const set = await createSet(app, 10);
    const tooDear = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'fal', family: 'flux' });
    assert.equal(tooDear.status, 402);
    assert.match(
      tooDear.body.error.message,
      /^This training is estimated at \$2\.00, and \$0\.00 of this month's budget of \$1\.00 is already spent\./u,
    );
    const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'fal', family: 'flux', steps: 400 });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.estimated_cost_usd, 0.8);
    const stream = await readEventStream(`${app.baseUrl}${started.body.events_url}`, {}, 60_000);
    assert.equal(stream.events.at(-1)?.event, 'complete', JSON.stringify(stream.events.at(-1)));
    const training = (await call(app, 'GET', `/api/trainings/${started.body.id}`)).body;
    assert.equal(training.provider_request_id, FAKE_REQUEST_ID);
    const lora = (await loras(app)).find((candidate) => candidate.id === training.id);
    assert.equal(lora.source, 'trained');
    assert.equal(lora.family, 'flux');
    assert.equal(lora.file_name, 'brand.safetensors');
    assert.equal(lora.sha256, createHash('sha256').update(FAKE_WEIGHTS).digest('hex'));
    assert.deepEqual(lora.training, { trainer: 'fal', steps: 400, set_id: set.id, estimated_cost_usd: 0.8 });
    assert.equal((await call(app, 'GET', brandRoute)).body.kit.lora.by_family.flux.lora_id, lora.id);
    const again = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'fal', family: 'flux', steps: 200 });
    assert.equal(again.status, 402, 'the month has $0.80 spent of $1.00, and another $0.40 would pass it');
    const usage = (await call(app, 'GET', '/api/usage')).body;
    assert.equal(usage.this_month_usd, 0.8, 'the usage report counts the training as the budget does');
    const row = usage.rows.find((candidate: { model: string }) => candidate.model === 'training:fal');
    assert.deepEqual([row.jobs, row.estimated_cost_usd], [1, 0.8]);
  });
});

describeEachDatabase('the fal.ai trainer with a key saved on the Settings page', (database) => {
  test('offered once an administrator saves a fal.ai key, trained with that key, and gone again when it is removed', async () => {
    const fakes = fakeServers();
    let handler: ReturnType<typeof falTrainingHandler> | undefined;
    const fal = await fakes.start((request, response, server) =>
      (handler ??= falTrainingHandler({
        statuses: [{ status: 200, body: { status: 'COMPLETED', logs: [{ message: 'step 100/100' }] } }],
        result: {
          status: 200,
          body: { diffusers_lora_file: { url: `${server.origin}/cdn/weights.safetensors`, file_name: 'brand.safetensors' } },
        },
      }))(request, response, server),
    );
    const app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
    try {
      const offered = async () =>
        ((await call(app, 'GET', '/api/trainers')).body.trainers as Array<{ id: string }>).map((trainer) => trainer.id);
      assert.deepEqual(await offered(), ['demo']);
      const saved = await call(app, 'PUT', '/api/admin/providers/fal', { api_key: 'fal-saved-key', base_url: fal.origin });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(await offered(), ['demo', 'fal']);
      const set = await createSet(app, 10);
      const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'fal', family: 'flux', steps: 100 });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const stream = await readEventStream(`${app.baseUrl}${started.body.events_url}`, {}, 60_000);
      assert.equal(stream.events.at(-1)?.event, 'complete', JSON.stringify(stream.events.at(-1)));
      // The signed upload link and the CDN download carry no key; the storage and queue APIs carry the saved one.
      const toApi = fal.apiRequests().filter((request) => !/^\/(cdn|upload)\//u.test(request.path));
      assert.deepEqual(
        toApi.map((request) => [request.method, request.headers.authorization]),
        toApi.map((request) => [request.method, 'Key fal-saved-key']),
      );
      assert.ok(toApi.some((request) => request.path === '/storage/upload/initiate'));
      assert.equal((await call(app, 'DELETE', '/api/admin/providers/fal')).status, 200);
      assert.deepEqual(await offered(), ['demo']);
    } finally {
      await app.close();
      await fakes.closeAll();
    }
  });
});

describeEachDatabase('fal.ai weights that are not safetensors', (database) => {
  test('end the training in plain words, attach nothing and keep the set', async () => {
    const fakes = fakeServers();
    let handler: ReturnType<typeof falTrainingHandler> | undefined;
    const fal = await fakes.start((request, response, server) =>
      (handler ??= falTrainingHandler({
        statuses: [{ status: 200, body: { status: 'COMPLETED', logs: [] } }],
        result: {
          status: 200,
          body: { diffusers_lora_file: { url: `${server.origin}/cdn/weights.safetensors`, file_name: 'brand.safetensors' } },
        },
        weights: Buffer.from('<html>Not found</html>'),
      }))(request, response, server),
    );
    const app = await startTestBrandgen({ ...(await database.environment()), FAL_KEY: 'fal-test-key', FAL_BASE_URL: fal.origin });
    try {
      const set = await createSet(app, 10);
      const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'fal', family: 'flux', steps: 100 });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const stream = await readEventStream(`${app.baseUrl}${started.body.events_url}`, {}, 60_000);
      assert.equal(stream.events.at(-1)?.event, 'failed');
      const training = (await call(app, 'GET', `/api/trainings/${started.body.id}`)).body;
      assert.equal(training.error.code, 'bad_weights');
      assert.match(training.error.message, /returned weights that are not a usable \.safetensors file\. Nothing was attached/);
      assert.deepEqual(await loras(app), []);
      assert.equal((await call(app, 'GET', `${brandRoute}/training-sets/${set.id}`)).status, 200, 'the set is kept');
    } finally {
      await app.close();
      await fakes.closeAll();
    }
  });
});
